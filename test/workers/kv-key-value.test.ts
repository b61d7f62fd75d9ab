import { env } from "cloudflare:workers";
import { describeKeyValueContract } from "../../src/core/testing/key-value.contract";

describeKeyValueContract("KV binding", async () => ({ kv: env.CACHE }));

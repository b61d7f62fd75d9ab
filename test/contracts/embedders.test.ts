import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Ai } from "@cloudflare/workers-types/2023-07-01";
import { createWorkersAiEmbedder } from "../../src/adapters/cloudflare/workers-ai-embedder";
import { createOpenAiEmbedder } from "../../src/adapters/common/openai-embedder";
import { createUseLiteEmbedder } from "../../src/adapters/node/use-lite-embedder";
import { describeEmbedderContract } from "../../src/core/testing/embedder.contract";

/** Words hashed into a vector (not unit length, as remote models may answer): a stand-in for a remote model. */
function hashedWords(text: string, dimensions: number): number[] {
  const v = Array.from({ length: dimensions }, () => 0.01);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let h = 2166136261;
    for (const ch of word) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 16777619);
    const i = (h >>> 0) % dimensions;
    v[i] = (v[i] ?? 0) + 2;
  }
  return v;
}

describeEmbedderContract("USE lite on worker threads", async () => {
  const embedder = createUseLiteEmbedder({ threads: 2 });
  return { embedder, cleanup: () => embedder.close() };
});

describeEmbedderContract("OpenAI-compatible client against a local server", async () => {
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", () => {
      const { input, model } = JSON.parse(body) as { input: string[]; model: string };
      // Answers out of order, as servers may: the client must sort by index.
      const data = input.map((text, index) => ({ object: "embedding", index, embedding: hashedWords(text, 48) }));
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ object: "list", model, data: data.reverse() }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const embedder = createOpenAiEmbedder({ baseUrl: `http://127.0.0.1:${port}`, model: "hashed", batchSize: 64 });
  return { embedder, cleanup: () => new Promise<void>((resolve) => server.close(() => resolve())) };
});

describeEmbedderContract("Workers AI embedder over a binding stand-in", async () => {
  const run = async (_model: string, inputs: { text: string[] }) => {
    if (inputs.text.length > 100) throw new Error("AiError: 5006: text must have at most 100 items");
    return { shape: [inputs.text.length, 768], data: inputs.text.map((t) => hashedWords(t, 768)) };
  };
  return { embedder: createWorkersAiEmbedder({ ai: { run: run as unknown as Ai["run"] } }) };
});

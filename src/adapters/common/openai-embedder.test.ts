import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "../../core/errors";
import { createOpenAiEmbedder } from "./openai-embedder";

interface Seen {
  path: string;
  authorization: string | undefined;
  body: { model: string; input: string[] };
  at: number;
}

interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answer, to exercise the timeout. */
  hang?: boolean;
}

type Handler = (body: Seen["body"], n: number) => Reply;

const servers: http.Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A local server replaying the OpenAI response shape; `handler` decides each reply. */
async function serve(handler: Handler): Promise<{ baseUrl: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => {
      raw += chunk.toString("utf8");
    });
    req.on("end", () => {
      const body = JSON.parse(raw) as Seen["body"];
      seen.push({ path: req.url ?? "", authorization: req.headers.authorization, body, at: Date.now() });
      const reply = handler(body, seen.length);
      if (reply.hang) return;
      res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
      res.end(typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, seen };
}

/** The OpenAI answer for `input`, listed in reverse so that callers must order by `index`. */
function embeddings(input: string[], width = 3): Reply {
  const data = input.map((text, index) => ({
    object: "embedding",
    index,
    embedding: Array.from({ length: width }, (_, d) => (d === 0 ? 3 : d === 1 ? 4 * text.length : 0)),
  }));
  return {
    body: {
      object: "list",
      data: data.reverse(),
      model: "nomic-embed-text",
      usage: { prompt_tokens: 9, total_tokens: 9 },
    },
  };
}

const ok: Handler = (body) => embeddings(body.input);

describe("createOpenAiEmbedder", () => {
  it("batches, orders by index, normalises and learns the dimensions", async () => {
    const { baseUrl, seen } = await serve(ok);
    const embedder = createOpenAiEmbedder({ baseUrl: `${baseUrl}/v1/`, model: "nomic-embed-text", batchSize: 2 });
    expect(embedder.dimensions).toBe(0);
    const vectors = await embedder.embed(["a", "bb", "", "dddd", "eeeee"]);
    expect(embedder.dimensions).toBe(3);
    expect(seen.map((s) => s.body.input)).toEqual([["a", "bb"], [" ", "dddd"], ["eeeee"]]);
    expect(seen.every((s) => s.path === "/v1/embeddings" && s.body.model === "nomic-embed-text")).toBe(true);
    expect(seen[0]?.authorization).toBeUndefined();
    [1, 2, 1, 4, 5].forEach((length, i) => {
      const v = vectors[i];
      const norm = Math.hypot(3, 4 * length);
      expect(Array.from(v ?? [])).toEqual([3 / norm, (4 * length) / norm, 0].map(Math.fround));
    });
    expect(await embedder.embed([])).toEqual([]);
    expect(seen).toHaveLength(3);
  });

  it("sends the api key as a bearer token and never repeats it in errors", async () => {
    const key = "sk-test-0123456789";
    const { baseUrl, seen } = await serve(() => ({
      status: 401,
      body: { error: { message: `Incorrect API key provided: ${key}.`, type: "invalid_request_error" } },
    }));
    const embedder = createOpenAiEmbedder({ baseUrl, model: "text-embedding-3-small", apiKey: key, retryDelayMs: 1 });
    const error = await embedder.embed(["x"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("unavailable");
    expect((error as AppError).message).toMatch(/refused the credentials: Incorrect API key provided: \[redacted\]/);
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain(key);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.authorization).toBe(`Bearer ${key}`);
  });

  it("rejects vectors whose dimensions differ from the configured or learned ones", async () => {
    const { baseUrl } = await serve((body, n) => embeddings(body.input, n === 1 ? 3 : 5));
    const fixed = createOpenAiEmbedder({ baseUrl, model: "m", dimensions: 4 });
    await expect(fixed.embed(["a"])).rejects.toThrow(/returned 3 dimensions, expected 4/);
    const learning = createOpenAiEmbedder({ baseUrl, model: "m" });
    await learning.warmup();
    expect(learning.dimensions).toBe(5);
    const { baseUrl: other } = await serve((body, n) => embeddings(body.input, n === 1 ? 3 : 5));
    const changing = createOpenAiEmbedder({ baseUrl: other, model: "m" });
    await changing.embed(["a"]);
    await expect(changing.embed(["b"])).rejects.toMatchObject({ code: "unavailable" });
  });

  it("retries 429 after Retry-After and 5xx with backoff, then succeeds", async () => {
    const { baseUrl, seen } = await serve((body, n) => {
      if (n === 1) return { status: 429, headers: { "retry-after": "1" }, body: { error: { message: "slow down" } } };
      if (n === 2) return { status: 503, body: "upstream busy" };
      if (n === 3) return { status: 500, body: { error: "boom" } };
      return embeddings(body.input);
    });
    const embedder = createOpenAiEmbedder({ baseUrl, model: "m", retryDelayMs: 5 });
    expect(await embedder.embed(["a", "b"])).toHaveLength(2);
    expect(seen).toHaveLength(4);
    // Retry-After is a floor, not a speed figure: the second request cannot come sooner.
    expect((seen[1]?.at ?? 0) - (seen[0]?.at ?? 0)).toBeGreaterThanOrEqual(900);
  });

  it("gives up after the configured retries with the server's reason", async () => {
    const { baseUrl, seen } = await serve(() => ({ status: 503, body: { error: { message: "model is loading" } } }));
    const embedder = createOpenAiEmbedder({ baseUrl, model: "m", retries: 2, retryDelayMs: 1 });
    await expect(embedder.embed(["a"])).rejects.toThrow(/answered 503: model is loading/);
    expect(seen).toHaveLength(3);
  });

  it("does not retry a client error, and reports it", async () => {
    const { baseUrl, seen } = await serve(() => ({
      status: 404,
      body: { error: 'model "nomic" not found, try pulling it first' },
    }));
    const embedder = createOpenAiEmbedder({ baseUrl, model: "nomic", retryDelayMs: 1 });
    await expect(embedder.embed(["a"])).rejects.toThrow(/answered 404: model "nomic" not found/);
    expect(seen).toHaveLength(1);
  });

  it("maps malformed bodies to unavailable", async () => {
    const bodies: unknown[] = [
      "<html>not json</html>",
      { object: "list" },
      { data: [{ index: 0, embedding: [1, 2] }] },
      {
        data: [
          { index: 0, embedding: "AAAA" },
          { index: 1, embedding: [1] },
        ],
      },
      {
        data: [
          { index: 0, embedding: [1, 2] },
          { index: 0, embedding: [1, 2] },
        ],
      },
      {
        data: [
          { index: 0, embedding: [1, 2] },
          { index: 1, embedding: [1, 2, 3] },
        ],
      },
    ];
    const { baseUrl } = await serve((_body, n) => ({ body: bodies[n - 1] }));
    const embedder = createOpenAiEmbedder({ baseUrl, model: "m", retries: 0 });
    const messages: string[] = [];
    for (const _ of bodies) {
      const error = await embedder.embed(["a", "b"]).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "unavailable" });
      messages.push((error as Error).message);
    }
    expect(messages[0]).toMatch(/not JSON/);
    expect(messages[1]).toMatch(/malformed response: no data array/);
    expect(messages[2]).toMatch(/1 embeddings for 2 inputs/);
    expect(messages[3]).toMatch(/no embedding at index 0/);
    expect(messages[4]).toMatch(/bad index 0/);
    expect(messages[5]).toMatch(/unequal lengths/);
  });

  it("times out a server that does not answer, and reports an unreachable one", async () => {
    const { baseUrl } = await serve(() => ({ hang: true }));
    const slow = createOpenAiEmbedder({ baseUrl, model: "m", timeoutMs: 150 });
    await expect(slow.embed(["a"])).rejects.toThrow(/no answer within 150 ms/);

    const { baseUrl: closedUrl } = await serve(ok);
    const server = servers.pop();
    await new Promise((resolve) => server?.close(resolve));
    const gone = createOpenAiEmbedder({ baseUrl: closedUrl, model: "m", retries: 1, retryDelayMs: 1 });
    await expect(gone.embed(["a"])).rejects.toThrow(/unreachable \(ECONNREFUSED\)/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BILL_PDF, BILL_XML, type DocumentServer, startDocumentServer } from "../../../test/support/document-server";
import { createWorkerUrlFetcher, hostRefusal } from "./worker-url-fetcher";

const LIMITS = { maxBytes: 4 * 1024 * 1024, timeoutMs: 10_000 };

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A fetch that answers from a table of URLs, recording what was asked, as the platform's would be called. */
function fakeFetch(table: Record<string, () => Response>) {
  const calls: string[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    calls.push(url);
    expect(init?.redirect).toBe("manual");
    const answer = table[url];
    return answer ? answer() : new Response("not here", { status: 404 });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

describe("hostRefusal", () => {
  it.each([
    ["127.0.0.1", "a loopback address"],
    ["[::1]", "a loopback address"],
    ["169.254.169.254", "a link-local address"],
    ["10.0.0.1", "a private address"],
    ["0.0.0.0", "an unspecified address"],
    ["[::ffff:a00:1]", "a private address"],
    ["localhost", "a local host name"],
    ["api.localhost", "a local host name"],
    ["printer.local", "a local host name"],
    ["metadata.google.internal", "a local host name"],
    ["router.home.arpa", "a local host name"],
    ["intranet", "a single-label host name"],
  ])("refuses %s as %s", (host, reason) => {
    expect(hostRefusal(host)).toBe(reason);
  });

  it.each(["www.congress.gov", "www.govinfo.gov", "93.184.215.14", "[2606:4700::1111]"])("lets %s through", (host) => {
    expect(hostRefusal(host)).toBeNull();
  });
});

describe("the Worker URL fetcher, refusing on every hop", () => {
  const start = "https://www.govinfo.gov/link/bill";
  const redirectTo = (location: string) => () => new Response(null, { status: 302, headers: { location } });

  it.each([
    ["http://127.0.0.1/", "forbidden", "refused: 127.0.0.1 is a loopback address"],
    ["http://169.254.169.254/latest/meta-data/", "forbidden", "refused: 169.254.169.254 is a link-local address"],
    ["http://[::1]:8080/", "forbidden", "refused: ::1 is a loopback address"],
    ["http://0.0.0.0/", "forbidden", "refused: 0.0.0.0 is an unspecified address"],
    ["http://10.20.30.40/", "forbidden", "refused: 10.20.30.40 is a private address"],
    ["http://localhost:8787/", "forbidden", "refused: localhost is a local host name"],
    ["http://metadata.google.internal/", "forbidden", "refused: metadata.google.internal is a local host name"],
    ["file:///etc/passwd", "bad_request", "refused: only http and https URLs can be fetched, not file:"],
  ])("refuses %s, directly and as a redirect", async (target, code, message) => {
    const direct = fakeFetch({});
    const strict = createWorkerUrlFetcher({ allowPrivate: false, fetch: direct.fetch });
    await expect(strict.fetch(target, LIMITS)).rejects.toMatchObject({ code, message });
    expect(direct.calls).toEqual([]);

    const hop = fakeFetch({ [start]: redirectTo(target) });
    const following = createWorkerUrlFetcher({ allowPrivate: false, fetch: hop.fetch });
    await expect(following.fetch(start, LIMITS)).rejects.toMatchObject({ code, message });
    expect(hop.calls).toEqual([start]);
  });

  it("follows a redirect to a public host and names the document after the final URL", async () => {
    const final = "https://www.govinfo.gov/content/pkg/BILLS-116s1900rs/xml/S1900_RS.xml";
    const { fetch, calls } = fakeFetch({
      [start]: redirectTo(final),
      [final]: () => new Response(BILL_XML, { headers: { "content-type": "application/xml" } }),
    });
    const fetched = await createWorkerUrlFetcher({ allowPrivate: false, fetch }).fetch(start, LIMITS);
    expect(fetched).toMatchObject({ finalUrl: final, fileName: "S1900_RS.xml", contentType: "application/xml" });
    expect(await readAll(fetched.body)).toEqual(BILL_XML);
    expect(calls).toEqual([start, final]);
  });
});

describe("the Worker URL fetcher over real HTTP (private addresses allowed)", () => {
  let server: DocumentServer;
  beforeAll(async () => {
    server = await startDocumentServer();
  });
  afterAll(async () => {
    await server.close();
  });
  const open = createWorkerUrlFetcher({ allowPrivate: true });

  it("fetches through a redirect, with the Content-Disposition name", async () => {
    const fetched = await open.fetch(`${server.origin}/redirect?to=/download`, LIMITS);
    expect(fetched).toMatchObject({ finalUrl: `${server.origin}/download`, fileName: "H.R. 2471.pdf" });
    expect(await readAll(fetched.body)).toEqual(BILL_PDF);
  });

  it("decodes gzip and counts decoded bytes against the limit", async () => {
    expect(await readAll((await open.fetch(`${server.origin}/gzip/S1900_RS.xml`, LIMITS)).body)).toEqual(BILL_XML);
    const bomb = await open.fetch(`${server.origin}/gzip-bomb`, LIMITS);
    await expect(readAll(bomb.body)).rejects.toMatchObject({ code: "payload_too_large" });
  });

  it("refuses bodies over the limit, declared or not", async () => {
    await expect(open.fetch(`${server.origin}/big-declared`, LIMITS)).rejects.toMatchObject({
      code: "payload_too_large",
    });
    const chunked = await open.fetch(`${server.origin}/big-chunked`, LIMITS);
    await expect(readAll(chunked.body)).rejects.toMatchObject({ code: "payload_too_large" });
  });

  it("gives up on a server that does not answer in time", async () => {
    await expect(open.fetch(`${server.origin}/hang`, { ...LIMITS, timeoutMs: 300 })).rejects.toMatchObject({
      code: "unavailable",
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BILL_PDF, BILL_XML, type DocumentServer, startDocumentServer } from "../../../test/support/document-server";
import type { UrlFetcher } from "../../core/ports";
import { createSafeUrlFetcher, type HostResolver } from "./safe-url-fetcher";

const LIMITS = { maxBytes: 4 * 1024 * 1024, timeoutMs: 10_000 };

/** A resolver that knows a few made-up names; any other name fails as an unknown host would. */
const resolver: HostResolver = async (hostname) => {
  const table: Record<string, string[]> = {
    "evil.example": ["127.0.0.1"],
    "mixed.example": ["93.184.215.14", "10.0.0.5"],
    "mapped.example": ["::ffff:169.254.169.254"],
    "intranet.example": ["192.168.1.10"],
    "docs.example": ["127.0.0.1"],
  };
  const addresses = table[hostname];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
  return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
};

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

let server: DocumentServer;
beforeAll(async () => {
  server = await startDocumentServer();
});
afterAll(async () => {
  await server.close();
});

describe("the safe URL fetcher, refusing what is not public", () => {
  const strict = createSafeUrlFetcher({ allowPrivate: false, resolve: resolver });

  it.each([
    ["http://127.0.0.1:PORT/bills/S1900_RS.xml", "refused: 127.0.0.1 is a loopback address"],
    ["http://[::1]:PORT/", "refused: ::1 is a loopback address"],
    // Other spellings of 127.0.0.1 that URL parsing normalises.
    ["http://2130706433:PORT/", "refused: 127.0.0.1 is a loopback address"],
    ["http://0x7f.1:PORT/", "refused: 127.0.0.1 is a loopback address"],
    ["http://[::ffff:127.0.0.1]:PORT/", "refused: ::ffff:7f00:1 is a loopback address"],
    ["http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254 is a link-local address"],
    ["http://0.0.0.0:PORT/", "refused: 0.0.0.0 is an unspecified address"],
    ["http://10.1.2.3/", "refused: 10.1.2.3 is a private address"],
    ["http://100.64.0.1/", "refused: 100.64.0.1 is a shared (carrier-grade NAT) address"],
    ["http://[fd00::1]/", "refused: fd00::1 is a unique-local address"],
    ["http://evil.example:PORT/", "refused: evil.example resolves to a loopback address"],
    ["http://mixed.example/", "refused: mixed.example resolves to a private address"],
    ["http://mapped.example/", "refused: mapped.example resolves to a link-local address"],
  ])("refuses %s before connecting", async (template, message) => {
    const before = server.requests.length;
    const url = template.replace("PORT", String(server.port));
    await expect(strict.fetch(url, LIMITS)).rejects.toMatchObject({ code: "forbidden", message });
    expect(server.requests.length).toBe(before);
  });

  it.each([
    ["file:///etc/passwd", "refused: only http and https URLs can be fetched, not file:"],
    ["ftp://ftp.example.gov/bill.xml", "refused: only http and https URLs can be fetched, not ftp:"],
    ["data:text/plain,hello", "refused: only http and https URLs can be fetched, not data:"],
    ["https://user:secret@www.congress.gov/", "refused: URLs with credentials are not fetched"],
    ["not a url", "not a valid URL"],
  ])("refuses %s as a bad request", async (url, message) => {
    await expect(strict.fetch(url, LIMITS)).rejects.toMatchObject({ code: "bad_request", message });
  });

  it("fails with unprocessable when the name does not resolve", async () => {
    await expect(strict.fetch("https://nowhere.example/", LIMITS)).rejects.toMatchObject({
      code: "unprocessable",
      message: "could not resolve nowhere.example",
    });
  });
});

describe("redirects, checked on every hop", () => {
  // The local server's own address is trusted so that the first hop is allowed; where it redirects is not.
  const trusting = createSafeUrlFetcher({ allowPrivate: false, resolve: resolver, trustedRanges: ["127.0.0.1/32"] });
  const redirect = (to: string) => `${server.origin}/redirect?to=${encodeURIComponent(to)}`;

  it.each([
    ["http://127.0.0.2/", "forbidden", "refused: 127.0.0.2 is a loopback address"],
    ["http://169.254.169.254/latest/meta-data/iam/", "forbidden", "refused: 169.254.169.254 is a link-local address"],
    ["http://[::1]/", "forbidden", "refused: ::1 is a loopback address"],
    ["http://0.0.0.0/", "forbidden", "refused: 0.0.0.0 is an unspecified address"],
    ["http://10.0.0.1/admin", "forbidden", "refused: 10.0.0.1 is a private address"],
    ["http://intranet.example/", "forbidden", "refused: intranet.example resolves to a private address"],
    ["file:///etc/passwd", "bad_request", "refused: only http and https URLs can be fetched, not file:"],
  ])("refuses a redirect to %s", async (target, code, message) => {
    const before = server.requests.length;
    await expect(trusting.fetch(redirect(target), LIMITS)).rejects.toMatchObject({ code, message });
    // Only the first hop reached a server.
    expect(server.requests.length).toBe(before + 1);
  });

  it("connects to the address it checked, sending the name it was given", async () => {
    const fetched = await trusting.fetch(`http://docs.example:${server.port}/bills/S1900_RS.xml`, LIMITS);
    expect(await readAll(fetched.body)).toEqual(BILL_XML);
    expect(server.requests.at(-1)).toBe(`docs.example:${server.port} /bills/S1900_RS.xml`);
  });

  it("follows up to five redirects and refuses a sixth", async () => {
    const fetched = await trusting.fetch(`${server.origin}/chain?n=4`, LIMITS);
    expect(fetched.finalUrl).toBe(`${server.origin}/bills/S1900_RS.xml`);
    await fetched.body.cancel();
    await expect(trusting.fetch(`${server.origin}/chain?n=5`, LIMITS)).rejects.toMatchObject({
      code: "unprocessable",
      message: `${server.origin}/chain?n=5: more than 5 redirects`,
    });
  });
});

describe("with private addresses allowed", () => {
  const open: UrlFetcher = createSafeUrlFetcher({ allowPrivate: true, resolve: resolver });

  it("fetches a document through a redirect, named after the final URL", async () => {
    const fetched = await open.fetch(`${server.origin}/redirect?to=/bills/S1900_RS.xml`, LIMITS);
    expect(fetched).toMatchObject({
      contentType: "application/xml",
      finalUrl: `${server.origin}/bills/S1900_RS.xml`,
      fileName: "S1900_RS.xml",
    });
    expect(await readAll(fetched.body)).toEqual(BILL_XML);
  });

  it("names a document after its Content-Disposition", async () => {
    const fetched = await open.fetch(`${server.origin}/download`, LIMITS);
    expect(fetched.fileName).toBe("H.R. 2471.pdf");
    expect(await readAll(fetched.body)).toEqual(BILL_PDF);
  });

  it("decodes a gzip body", async () => {
    const fetched = await open.fetch(`${server.origin}/gzip/S1900_RS.xml`, LIMITS);
    expect(await readAll(fetched.body)).toEqual(BILL_XML);
  });

  it("refuses a declared length over the limit before reading the body", async () => {
    await expect(open.fetch(`${server.origin}/big-declared`, LIMITS)).rejects.toMatchObject({
      code: "payload_too_large",
    });
  });

  it("stops a chunked body without a length at the limit", async () => {
    const fetched = await open.fetch(`${server.origin}/big-chunked`, LIMITS);
    await expect(readAll(fetched.body)).rejects.toMatchObject({
      code: "payload_too_large",
      message: `the document at ${server.origin}/big-chunked exceeds the limit of ${LIMITS.maxBytes} bytes`,
    });
  });

  it("counts the decoded bytes of a compressed body", async () => {
    const fetched = await open.fetch(`${server.origin}/gzip-bomb`, LIMITS);
    await expect(readAll(fetched.body)).rejects.toMatchObject({ code: "payload_too_large" });
  });

  it("gives up on a server that does not answer in time", async () => {
    await expect(open.fetch(`${server.origin}/hang`, { ...LIMITS, timeoutMs: 300 })).rejects.toMatchObject({
      code: "unavailable",
      message: `fetching ${server.origin}/hang took longer than 0.3 s`,
    });
  });

  it("gives up on a body that does not finish in time", async () => {
    const fetched = await open.fetch(`${server.origin}/dribble`, { ...LIMITS, timeoutMs: 1500 });
    await expect(readAll(fetched.body)).rejects.toMatchObject({ code: "unavailable" });
  });

  it("reports an error status without the page it came with", async () => {
    const error = await open.fetch(`${server.origin}/missing`, LIMITS).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "unprocessable", message: `${server.origin}/missing answered 404 Not Found` });
    expect(JSON.stringify(error)).not.toContain("secret");
  });
});

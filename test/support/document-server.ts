import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");

/** Real documents the server hands out: a bill in GPO's XML and a bill as PDF. */
export const BILL_XML = new Uint8Array(readFileSync(join(FIXTURES, "formats", "S1900_RS.xml")));
export const BILL_PDF = new Uint8Array(readFileSync(join(FIXTURES, "documents", "2022-03-09_hr2471.pdf")));

export interface DocumentServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  port: number;
  /** Every request received, as `host path`, in order. */
  requests: string[];
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

const ROUTES: Record<string, Handler> = {
  "/bills/S1900_RS.xml": (_req, res) => {
    res.writeHead(200, { "content-type": "application/xml", "content-length": BILL_XML.byteLength });
    res.end(BILL_XML);
  },
  "/download": (_req, res) => {
    res.writeHead(200, {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="hr2471.pdf"; filename*=UTF-8''H.R.%202471.pdf`,
    });
    res.end(BILL_PDF);
  },
  "/gzip/S1900_RS.xml": (_req, res) => {
    res.writeHead(200, { "content-type": "application/xml", "content-encoding": "gzip" });
    res.end(gzipSync(BILL_XML));
  },
  // About 64 KB that inflate to 64 MB: refused by the decoded size, not by what crossed the wire.
  "/gzip-bomb": (_req, res) => {
    res.writeHead(200, { "content-type": "text/plain", "content-encoding": "gzip" });
    res.end(gzipSync(new Uint8Array(64 * 1024 * 1024).fill(0x41)));
  },
  "/redirect": (_req, res, url) => {
    res.writeHead(302, { location: url.searchParams.get("to") ?? "/" });
    res.end();
  },
  // /chain/3 → /chain/2 → /chain/1 → /chain/0 → the bill.
  "/chain": (_req, res, url) => {
    const n = Number(url.searchParams.get("n") ?? 0);
    res.writeHead(301, { location: n > 0 ? `/chain?n=${n - 1}` : "/bills/S1900_RS.xml" });
    res.end();
  },
  "/big-declared": (_req, res) => {
    res.writeHead(200, { "content-type": "text/plain", "content-length": 10 * 1024 * 1024 });
    res.end("not really");
  },
  "/big-chunked": (_req, res) => {
    res.writeHead(200, { "content-type": "text/plain" });
    const chunk = "x".repeat(64 * 1024);
    let sent = 0;
    const more = () => {
      while (sent < 160 && res.write(chunk)) sent++;
      if (sent < 160) res.once("drain", more);
      else res.end();
    };
    res.on("error", () => {});
    more();
  },
  // Never answers: the client's time limit has to end it.
  "/hang": () => {},
  // Answers at once, then sends the body a byte a second.
  "/dribble": (_req, res) => {
    res.writeHead(200, { "content-type": "text/plain" });
    const timer = setInterval(() => res.write("a"), 1000);
    res.on("close", () => clearInterval(timer));
  },
  "/missing": (_req, res) => {
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("secret internal page");
  },
};

/** A local HTTP server on 127.0.0.1 (a free port) serving fixture documents, redirects and misbehaviours. */
export async function startDocumentServer(): Promise<DocumentServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://local");
    requests.push(`${req.headers.host} ${url.pathname}${url.search}`);
    const handler = ROUTES[url.pathname];
    if (handler) handler(req, res, url);
    else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

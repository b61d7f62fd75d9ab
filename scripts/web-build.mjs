#!/usr/bin/env node
// Builds the web app (web/ → web/dist) and prints its size. With --if-stale it builds only when web/dist is missing
// or older than the app's sources, so `npm start` on a fresh clone serves the app without a separate build step.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const web = join(root, "web");
const dist = join(web, "dist");

/** The newest modification time under a path (files and folders), 0 when it does not exist. */
function newest(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

function stale() {
  const built = (() => {
    try {
      return statSync(join(dist, "index.html")).mtimeMs;
    } catch {
      return 0;
    }
  })();
  if (built === 0) return true;
  const sources = Math.max(
    newest(join(web, "src")),
    newest(join(web, "public")),
    newest(join(web, "index.html")),
    newest(join(web, "vite.config.ts")),
    // The lists the app takes from the server's code as values (the rest it imports are types, gone once built).
    newest(join(root, "src", "core", "search", "facets.ts")),
    newest(join(root, "src", "core", "security", "roles.ts")),
    newest(join(root, "src", "formats", "gov", "bill-id.ts")),
  );
  return sources > built;
}

/** Bytes and gzip bytes of what a first visit loads (index.html and the files it links), and of all assets. */
function report() {
  const html = readFileSync(join(dist, "index.html"), "utf8");
  const linked = new Set([...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]));
  const assets = readdirSync(join(dist, "assets")).map((name) => `assets/${name}`);
  const sum = (files) =>
    files.reduce(
      (acc, file) => {
        const bytes = readFileSync(join(dist, file));
        return { raw: acc.raw + bytes.length, gzip: acc.gzip + gzipSync(bytes, { level: 9 }).length };
      },
      { raw: 0, gzip: 0 },
    );
  const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
  const first = sum(["index.html", ...linked]);
  const all = sum(["index.html", ...assets]);
  console.log(
    `web app: first load ${kb(first.raw)} (${kb(first.gzip)} gzip); all assets ${kb(all.raw)} (${kb(all.gzip)} gzip)`,
  );
}

const args = new Set(process.argv.slice(2));
if (args.has("--if-stale") && !stale()) process.exit(0);
if (!args.has("--report-only")) {
  let vite;
  try {
    vite = await import("vite");
  } catch {
    // An install without dev dependencies cannot build: the server still starts, serving the API alone.
    console.warn("web app not built: vite is not installed (npm ci installs it); the API is served without the app");
    process.exit(args.has("--if-stale") ? 0 : 1);
  }
  // Always React's production build: a caller's NODE_ENV (vitest sets `test`) would otherwise give vite React's
  // development build, which checks every render twice and runs every effect twice (two searches per page load).
  process.env.NODE_ENV = "production";
  await vite.build({ configFile: join(web, "vite.config.ts"), logLevel: args.has("--if-stale") ? "warn" : "info" });
}
report();

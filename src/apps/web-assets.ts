import { readFile } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
};

/** Where `npm run build:web` puts the app: web/dist at the repository's root. */
export const DEFAULT_WEB_ROOT = join(import.meta.dirname, "..", "..", "web", "dist");

/**
 * Serves the built web app's files by path relative to its folder, or null when there is no such file (or no
 * build at all). Paths that would leave the folder are refused the same way.
 */
export function createWebAssets(root: string = DEFAULT_WEB_ROOT): (path: string) => Promise<Response | null> {
  const base = resolve(root);
  return async (path) => {
    const full = resolve(base, path);
    if (!full.startsWith(base + sep)) return null;
    const type = TYPES[extname(full).toLowerCase()];
    if (!type) return null;
    try {
      const body = await readFile(full);
      return new Response(body, { headers: { "content-type": type } });
    } catch {
      return null;
    }
  };
}

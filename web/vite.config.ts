import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = decodeURIComponent(new URL(".", import.meta.url).pathname);
const api = "http://127.0.0.1:8787";

/** The web app: built to web/dist (served by the Node server or as Worker static assets); dev proxies the API. */
export default defineConfig({
  root,
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 400 },
  server: {
    proxy: {
      "/v1": { target: api, changeOrigin: false },
      "/docs": api,
      "/openapi.json": api,
    },
  },
});

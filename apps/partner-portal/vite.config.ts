import path from "node:path";
import { fileURLToPath } from "node:url";
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  plugins: [
    remix({
      future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true },
    }),
  ],
  resolve: { alias: { "~": path.join(here, "app") } },
  // Workspace packages ship TypeScript source; bundle them into the server build.
  ssr: { noExternal: [/^@qudao\//] },
  server: { port: Number(process.env.PORTAL_PORT ?? 3001), host: "127.0.0.1" },
});

/** For the harness tests: bundle a TypeScript snippet that imports the SDK as `sdk`, the way `qudao-plugin pack` does. */
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

const SDK = fileURLToPath(new URL("../index.ts", import.meta.url));

export function bundleSnippet(source: string): string {
  const result = buildSync({
    stdin: { contents: `import * as sdk from ${JSON.stringify(SDK)};\n${source}`, loader: "ts", resolveDir: process.cwd(), sourcefile: "snippet.ts" },
    bundle: true,
    write: false,
    format: "iife",
    platform: "neutral",
    target: "es2020",
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

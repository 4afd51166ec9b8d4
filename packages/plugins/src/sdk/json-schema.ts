import { writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { z } from "zod";
import { ZPluginManifest } from "./manifest.ts";

/**
 * The published JSON Schema of manifest.json, generated from the zod schema so the two never drift.
 * `io: "input"` describes what a developer writes (defaults make fields optional), not the parsed result.
 * Regenerate with `npx tsx packages/plugins/src/sdk/json-schema.ts --write`; a test fails when the
 * committed file is stale.
 */
export const MANIFEST_SCHEMA_PATH = fileURLToPath(new URL("./manifest.schema.json", import.meta.url));

export function manifestJsonSchema(): string {
  return `${JSON.stringify(z.toJSONSchema(ZPluginManifest, { io: "input" }), null, 2)}\n`;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  if (process.argv.includes("--write")) writeFileSync(MANIFEST_SCHEMA_PATH, manifestJsonSchema());
  else process.stdout.write(manifestJsonSchema());
}

/**
 * The plugins Qudao ships in `packages/plugins/builtin/<dir>/` (issue 7: pharma, manufacturing). Each
 * is an ordinary plugin project — manifest.json, src/hooks.ts, test/*.test.ts, locales, assets —
 * built only on the SDK, packed by the CLI and published through the marketplace like any
 * third-party plugin. This module only says where they are; nothing here loads their code.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The directory holding one plugin project per subdirectory. */
export const BUILTIN_PLUGINS_DIR = fileURLToPath(new URL("../builtin/", import.meta.url));

export type BuiltinPlugin = {
  /** The project directory's name, e.g. "pharma". */
  name: string;
  /** Absolute path of the plugin project. */
  dir: string;
  /** The manifest's id and version as written, e.g. "qudao.pharma", "1.0.0". */
  id: string;
  version: string;
};

/** The built-in plugin projects (directories with a manifest.json), sorted by directory name. */
export function listBuiltinPlugins(): BuiltinPlugin[] {
  if (!existsSync(BUILTIN_PLUGINS_DIR)) return [];
  return readdirSync(BUILTIN_PLUGINS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(BUILTIN_PLUGINS_DIR, entry.name, "manifest.json")))
    .map((entry) => {
      const dir = path.join(BUILTIN_PLUGINS_DIR, entry.name);
      const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")) as { id?: unknown; version?: unknown };
      return { name: entry.name, dir, id: String(manifest.id), version: String(manifest.version) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

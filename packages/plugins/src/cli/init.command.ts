import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MANIFEST_SCHEMA_PATH } from "../sdk/json-schema.ts";
import { PLUGIN_ID_PATTERN, namespaceOf } from "../sdk/permissions.ts";
import { CliFailure, type CliContext } from "./cli-context.ts";
import { SDK_ENTRY, SDK_IMPORT } from "./plugin-bundle.ts";
import { MANIFEST_FILE, SDK_VERSION } from "./plugin-project.ts";

/**
 * `qudao-plugin init <dir>`: copies templates/plugin, a working plugin with the id `acme.sample`,
 * renaming the id and its namespace. The template is kept runnable as it is (its tsconfig and
 * $schema point into this repository), so `qudao-plugin test templates/plugin` tests the scaffold.
 */
export const TEMPLATE_DIR = fileURLToPath(new URL("../../templates/plugin/", import.meta.url));
const TEMPLATE_ID = "acme.sample";

/** npm drops files named .gitignore from packages, so the template stores it without the dot. */
const RENAMES: Record<string, string> = { gitignore: ".gitignore" };

export type InitOptions = { dir: string; id?: string; name?: string };

function posixRelative(from: string, to: string): string {
  const relative = path.relative(from, to).split(path.sep).join("/");
  return relative.startsWith(".") ? relative : `./${relative}`;
}

function copyTemplate(from: string, to: string, replace: (text: string) => string, written: string[], root: string): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from).sort()) {
    const source = path.join(from, name);
    const target = path.join(to, RENAMES[name] ?? name);
    if (statSync(source).isDirectory()) {
      copyTemplate(source, target, replace, written, root);
      continue;
    }
    writeFileSync(target, replace(readFileSync(source, "utf8")));
    written.push(path.relative(root, target).split(path.sep).join("/"));
  }
}

/**
 * Edits a copied template file in place by replacing one known fragment, keeping the template's
 * hand-made layout (a JSON round trip would reflow it). A fragment that is gone is a template bug.
 */
function replaceOnce(file: string, pattern: RegExp, replacement: string): void {
  const text = readFileSync(file, "utf8");
  if (!pattern.test(text)) throw new Error(`template fragment ${pattern} not found in ${file}`);
  writeFileSync(file, text.replace(pattern, () => replacement));
}

export function initCommand(ctx: CliContext, options: InitOptions): void {
  const id = options.id ?? TEMPLATE_ID;
  if (!PLUGIN_ID_PATTERN.test(id)) throw new CliFailure("cli.init.idInvalid", { id }, 2);
  const dir = path.resolve(ctx.io.cwd, options.dir);
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) {
    throw new CliFailure("cli.init.notEmpty", { dir: options.dir });
  }

  const ns = namespaceOf(id);
  const templateNs = namespaceOf(TEMPLATE_ID);
  const replace = (text: string) => text.replaceAll(templateNs, ns).replaceAll(TEMPLATE_ID, id);
  const written: string[] = [];
  copyTemplate(TEMPLATE_DIR, dir, replace, written, dir);

  const manifestFile = path.join(dir, MANIFEST_FILE);
  replaceOnce(manifestFile, /"\$schema": "[^"]*"/, `"$schema": ${JSON.stringify(posixRelative(dir, MANIFEST_SCHEMA_PATH))}`);
  replaceOnce(manifestFile, /"engines": \{[^}]*\}/, `"engines": { "qudao": ${JSON.stringify(`^${SDK_VERSION}`)} }`);
  if (options.name) {
    const name = JSON.stringify(options.name);
    replaceOnce(manifestFile, /"name": \{[^}]*\}/, `"name": { "zh-CN": ${name}, "zh-TW": ${name}, "en": ${name} }`);
  }
  // The editor resolves the SDK from this repository, so a fresh plugin has types without npm install.
  replaceOnce(path.join(dir, "tsconfig.json"), new RegExp(`"${SDK_IMPORT}": \\[[^\\]]*\\]`), `"${SDK_IMPORT}": [${JSON.stringify(posixRelative(dir, SDK_ENTRY))}]`);

  ctx.say("cli.init.created", { dir: options.dir, id });
  for (const file of written.sort()) ctx.say("cli.init.file", { file });
  ctx.say("cli.init.next", { dir: options.dir });
}

/**
 * A built-in plugin (packages/plugins/builtin/<dir>) packed by the CLI exactly as it ships, for
 * database tests — under an id of the test's own (`qudao.pharma` → `qudao.pharma<suffix>`, every
 * namespaced name renamed alike in the manifest, the hooks and the plugin's tests), because the test
 * database is shared and a plugin id belongs to the developer who uploads it first.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { BUILTIN_PLUGINS_DIR } from "@qudao/plugins/builtin";
import { runCli } from "@qudao/plugins/cli";

export async function packBuiltinPluginAs(dirName: string, suffix: string): Promise<{ pkg: Record<string, unknown>; pluginId: string; namespace: string; permissions: string[] }> {
  const source = path.join(BUILTIN_PLUGINS_DIR, dirName);
  const originalId = (JSON.parse(readFileSync(path.join(source, "manifest.json"), "utf8")) as { id: string }).id;
  const pluginId = `${originalId}${suffix}`;
  const originalNs = originalId.replace(/\./g, "_");
  const namespace = pluginId.replace(/\./g, "_");
  const dir = mkdtempSync(path.join(tmpdir(), `qudao-builtin-${dirName}-`));
  try {
    cpSync(source, dir, { recursive: true, filter: (file) => !file.split(path.sep).includes("dist") });
    const rename = (folder: string) => {
      for (const name of readdirSync(folder)) {
        const file = path.join(folder, name);
        if (statSync(file).isDirectory()) rename(file);
        else if (/\.(ts|json)$/.test(name)) writeFileSync(file, readFileSync(file, "utf8").replaceAll(originalId, pluginId).replaceAll(originalNs, namespace));
      }
    };
    rename(dir);
    const out: string[] = [];
    const code = await runCli(["pack", dir, "--locale", "en"], { cwd: dir, env: {}, stdout: (t) => void out.push(t), stderr: (t) => void out.push(t) });
    if (code !== 0) throw new Error(`packing the built-in plugin ${dirName} failed:\n${out.join("")}`);
    const file = readdirSync(path.join(dir, "dist")).find((f) => f.endsWith(".qpkg"));
    if (!file) throw new Error(`packing the built-in plugin ${dirName} wrote no .qpkg`);
    const pkg = JSON.parse(readFileSync(path.join(dir, "dist", file), "utf8")) as Record<string, unknown>;
    return { pkg, pluginId, namespace, permissions: (pkg.manifest as { permissions?: string[] }).permissions ?? [] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Every built-in plugin (packages/plugins/builtin/<dir>) passes what a third-party plugin must pass
 * before the marketplace takes it, through the CLI a developer runs: `validate` with no error and no
 * warning, `test` with every sandbox test passing, and `pack` writing a package the upload accepts
 * (packed from a copy, so the source tree gets no dist/).
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BUILTIN_PLUGINS_DIR, listBuiltinPlugins } from "./builtin.ts";
import { runCli } from "./cli/main.ts";
import { translator } from "./i18n/index.ts";
import { ZPluginPackage, canonicalJson } from "./runtime/package-format.ts";

const en = translator("en");
const copies: string[] = [];

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli([...args, "--locale", "en"], { cwd, env: {}, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

const plugins = listBuiltinPlugins();

it("lists the built-in plugin projects with their manifest ids", () => {
  expect(BUILTIN_PLUGINS_DIR.endsWith(`${path.sep}builtin${path.sep}`)).toBe(true);
  expect(plugins.map((p) => p.id)).toContain("qudao.pharma");
  for (const plugin of plugins) {
    expect(plugin.dir).toBe(path.join(BUILTIN_PLUGINS_DIR, plugin.name));
    expect(plugin.id).toMatch(/^qudao\.[a-z]+$/);
  }
});

describe.each(plugins.map((p) => [p.name, p] as const))("built-in plugin %s", (_name, plugin) => {
  it("validates with no error and no warning", async () => {
    const run = await cli(["validate", plugin.dir], plugin.dir);
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe(en("cli.validate.passed", { id: plugin.id }));
    expect(run.code).toBe(0);
  });

  it("passes every one of its tests in the sandbox", async () => {
    const run = await cli(["test", plugin.dir], plugin.dir);
    expect(run.stdout).not.toContain("✗");
    expect(run.stdout).toMatch(/\d+ test\(s\) passed/);
    expect(run.code, run.stdout + run.stderr).toBe(0);
  }, 120_000);

  it("packs into a package the upload accepts", async () => {
    const copy = mkdtempSync(path.join(tmpdir(), `qudao-builtin-${plugin.name}-`));
    copies.push(copy);
    cpSync(plugin.dir, copy, { recursive: true, filter: (source) => !source.split(path.sep).includes("dist") && !source.includes(`${path.sep}node_modules`) });
    const run = await cli(["pack", copy], copy);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const file = readdirSync(path.join(copy, "dist")).find((f) => f.endsWith(".qpkg"));
    expect(file).toBe(`${plugin.id}-${plugin.version}.qpkg`);
    const text = readFileSync(path.join(copy, "dist", file!), "utf8");
    const pkg = ZPluginPackage.parse(JSON.parse(text));
    expect(canonicalJson(pkg)).toBe(text);
    expect(pkg.manifest.id).toBe(plugin.id);
    expect(pkg.tests).not.toBeNull();
    // Every screenshot the listing names is in the package.
    const screenshots = ((pkg.manifest.listing as { screenshots?: Array<{ file: string }> } | undefined)?.screenshots ?? []).map((s) => s.file);
    expect(Object.keys(pkg.assets).sort()).toEqual([...screenshots].sort());
  }, 120_000);
});

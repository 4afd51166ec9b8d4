import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  MAX_ASSET_BYTES,
  MAX_HOOKS_BYTES,
  MAX_PACKAGE_BYTES,
  MAX_TESTS_BYTES,
  PACKAGE_FORMAT,
  ZPluginPackage,
  canonicalJson,
  packageHash,
  type TPluginPackage,
} from "../runtime/package-format.ts";
import { scanHooksBundle } from "../runtime/static-scan.ts";
import { CliFailure, type CliContext } from "./cli-context.ts";
import { bundleHooks, bundleTests } from "./plugin-bundle.ts";
import { requireValidProject } from "./plugin-project.ts";

export type PackResult = { pkg: TPluginPackage; sha256: string; file: string; bytes: number };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function kilobytes(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}

function readScreenshots(dir: string, files: readonly string[]): Record<string, string> {
  const assets: Record<string, string> = {};
  for (const file of files) {
    const full = path.join(dir, file);
    if (!existsSync(full)) throw new CliFailure("cli.pack.assetMissing", { file });
    const bytes = readFileSync(full);
    if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw new CliFailure("cli.pack.assetNotPng", { file });
    if (bytes.length > MAX_ASSET_BYTES) throw new CliFailure("cli.pack.assetTooLarge", { file, size: kilobytes(bytes.length), max: kilobytes(MAX_ASSET_BYTES) });
    assets[file] = bytes.toString("base64");
  }
  return assets;
}

/**
 * `qudao-plugin pack [dir]`: validate, bundle (hooks minified), enforce the size limits, run the same
 * static scan the upload runs, embed the listing screenshots, and write `dist/<id>-<version>.qpkg` as
 * canonical JSON — the bytes whose sha256 the platform signs at approval.
 */
export async function packCommand(ctx: CliContext, dirArg: string | undefined): Promise<PackResult> {
  const dir = path.resolve(ctx.io.cwd, dirArg ?? ".");
  const { raw, manifest, locales } = requireValidProject(ctx, dir);

  const hooks = await bundleHooks(dir, { minify: true });
  const hooksBytes = Buffer.byteLength(hooks, "utf8");
  if (hooksBytes > MAX_HOOKS_BYTES) throw new CliFailure("cli.pack.hooksTooLarge", { size: kilobytes(hooksBytes), max: kilobytes(MAX_HOOKS_BYTES) });

  // The same scan the upload runs, on the same (minified) bytes; its messages live with the runtime.
  const findings = scanHooksBundle(hooks);
  for (const finding of findings) {
    ctx.complain("cli.pack.scanFinding", {
      message: ctx.t(`pluginRuntime.scan.${finding.code}`, { name: finding.name, detail: finding.name }),
      line: finding.line,
      column: finding.column,
      snippet: finding.snippet,
    });
  }
  if (findings.length > 0) throw new CliFailure("cli.pack.scanFailed", { count: findings.length });

  const tests = await bundleTests(dir, { minify: true });
  const testsBytes = tests === null ? 0 : Buffer.byteLength(tests, "utf8");
  if (testsBytes > MAX_TESTS_BYTES) throw new CliFailure("cli.pack.testsTooLarge", { size: kilobytes(testsBytes), max: kilobytes(MAX_TESTS_BYTES) });

  const assets = readScreenshots(
    dir,
    manifest.listing.screenshots.map((s) => s.file),
  );
  const pkg = ZPluginPackage.parse({ format: PACKAGE_FORMAT, manifest: raw, hooks, tests, locales, assets });
  const body = canonicalJson(pkg);
  const bytes = Buffer.byteLength(body, "utf8");
  if (bytes > MAX_PACKAGE_BYTES) throw new CliFailure("cli.pack.packageTooLarge", { size: kilobytes(bytes), max: kilobytes(MAX_PACKAGE_BYTES) });

  const distDir = path.join(dir, "dist");
  mkdirSync(distDir, { recursive: true });
  const file = path.join(distDir, `${manifest.id}-${manifest.version}.qpkg`);
  writeFileSync(file, body);
  const sha256 = packageHash(pkg);
  ctx.say("cli.pack.written", {
    file: path.relative(ctx.io.cwd, file) || file,
    size: kilobytes(bytes),
    hooks: kilobytes(hooksBytes),
    maxHooks: kilobytes(MAX_HOOKS_BYTES),
  });
  ctx.say("cli.pack.sha256", { sha256 });
  return { pkg, sha256, file, bytes };
}

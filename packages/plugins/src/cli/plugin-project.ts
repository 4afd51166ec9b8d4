import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import packageJson from "../../package.json" with { type: "json" };
import { lintIssueKey, lintManifest, type LintSeverity } from "../sdk/manifest-lint.ts";
import { ZPluginLocales, type TPluginLocales, type TPluginManifest } from "../sdk/manifest.ts";
import { CliFailure, type CliContext } from "./cli-context.ts";

/**
 * A plugin project on disk, as `qudao-plugin init` lays it out:
 *   manifest.json · src/hooks.ts · test/*.test.ts · locales/{zh-CN,zh-TW,en}.json · assets/*.png
 */
export const MANIFEST_FILE = "manifest.json";
export const HOOKS_ENTRY = "src/hooks.ts";
export const TESTS_DIR = "test";
export const LOCALES_DIR = "locales";

/** The host release this SDK ships with; `engines.qudao` is checked against it. */
export const SDK_VERSION: string = packageJson.version;

export type Finding = {
  severity: LintSeverity;
  file: string;
  /** Where inside the file (a manifest path or a locale key); empty for the file as a whole. */
  where: string;
  key: string;
  params: Record<string, string | number>;
};

export type ProjectCheck = {
  dir: string;
  /** manifest.json exactly as written: this is what goes into the package and gets hashed. */
  raw: Record<string, unknown>;
  manifest?: TPluginManifest;
  locales?: TPluginLocales;
  findings: Finding[];
};

/** A JSON file, or a translated refusal saying which file and where the syntax breaks. */
export function readJsonFile(file: string, shown: string): unknown {
  if (!existsSync(file)) throw new CliFailure("cli.project.fileMissing", { file: shown });
  const text = readFileSync(file, "utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = Number(/position (\d+)/.exec(String((error as Error).message))?.[1] ?? text.length);
    const before = text.slice(0, position).split("\n");
    throw new CliFailure("cli.project.notJson", { file: shown, line: before.length, column: (before.at(-1)?.length ?? 0) + 1 });
  }
}

function readLocales(dir: string, findings: Finding[]): TPluginLocales | undefined {
  const files: Partial<Record<"zh-CN" | "zh-TW" | "en", unknown>> = {};
  for (const locale of ["zh-CN", "zh-TW", "en"] as const) {
    const shown = `${LOCALES_DIR}/${locale}.json`;
    const file = path.join(dir, shown);
    if (!existsSync(file)) {
      if (locale === "zh-TW") findings.push({ severity: "warning", file: shown, where: "", key: "cli.locales.zhTwMissing", params: {} });
      else findings.push({ severity: "error", file: shown, where: "", key: "cli.project.fileMissing", params: { file: shown } });
      continue;
    }
    try {
      files[locale] = readJsonFile(file, shown);
    } catch (error) {
      if (!(error instanceof CliFailure)) throw error;
      findings.push({ severity: "error", file: shown, where: "", key: error.key, params: error.params });
    }
  }
  if (files["zh-CN"] === undefined || files.en === undefined) return undefined;
  const parsed = ZPluginLocales.safeParse(files);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [locale, key] = issue.path.map(String);
      findings.push({ severity: "error", file: `${LOCALES_DIR}/${locale}.json`, where: key ?? "", key: "cli.locales.invalid", params: {} });
    }
    return undefined;
  }
  // zh-CN is the reference: a key it has and another language lacks shows the key itself to that reader.
  const reference = Object.keys(parsed.data["zh-CN"]);
  for (const locale of ["zh-TW", "en"] as const) {
    const messages = parsed.data[locale];
    if (!messages) continue;
    for (const key of reference) {
      if (!(key in messages)) findings.push({ severity: "warning", file: `${LOCALES_DIR}/${locale}.json`, where: key, key: "cli.locales.keyMissing", params: { reference: "zh-CN" } });
    }
    for (const key of Object.keys(messages)) {
      if (!reference.includes(key)) findings.push({ severity: "warning", file: `${LOCALES_DIR}/${locale}.json`, where: key, key: "cli.locales.keyExtra", params: { reference: "zh-CN" } });
    }
  }
  return parsed.data;
}

/** Lints manifest.json and the locale files; throws only when there is no manifest to lint at all. */
export function checkProject(dir: string): ProjectCheck {
  const raw = readJsonFile(path.join(dir, MANIFEST_FILE), MANIFEST_FILE);
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new CliFailure("cli.project.manifestNotObject", { file: MANIFEST_FILE });
  }
  const { manifest, issues } = lintManifest(raw, { hostVersion: SDK_VERSION });
  const findings: Finding[] = issues.map((issue) => ({
    severity: issue.severity,
    file: MANIFEST_FILE,
    where: issue.path,
    key: lintIssueKey(issue),
    params: issue.params,
  }));
  const locales = readLocales(dir, findings);
  if (manifest && manifest.hooks.length > 0 && !existsSync(path.join(dir, HOOKS_ENTRY))) {
    findings.push({ severity: "error", file: HOOKS_ENTRY, where: "", key: "cli.project.hooksMissing", params: { count: manifest.hooks.length } });
  }
  const result: ProjectCheck = { dir, raw: raw as Record<string, unknown>, findings };
  if (manifest) result.manifest = manifest;
  if (locales) result.locales = locales;
  return result;
}

export function testFiles(dir: string): string[] {
  const testsDir = path.join(dir, TESTS_DIR);
  if (!existsSync(testsDir)) return [];
  return readdirSync(testsDir)
    .filter((name) => name.endsWith(".test.ts"))
    .sort()
    .map((name) => `${TESTS_DIR}/${name}`);
}

export function countFindings(findings: readonly Finding[]): { errors: number; warnings: number } {
  const errors = findings.filter((f) => f.severity === "error").length;
  return { errors, warnings: findings.length - errors };
}

/** Prints each finding as `error  manifest.json › hooks[0].cron  message`, errors on stderr. */
export function printFindings(ctx: CliContext, findings: readonly Finding[]): void {
  for (const finding of findings) {
    const place = finding.where ? `${finding.file} › ${finding.where}` : finding.file;
    const line = ctx.t("cli.finding", {
      severity: ctx.t(`cli.severity.${finding.severity}`),
      place,
      message: ctx.t(finding.key, finding.params),
    });
    if (finding.severity === "error") ctx.io.stderr(`${line}\n`);
    else ctx.io.stdout(`${line}\n`);
  }
}

/** Checks the project and prints what it found; refuses (exit 1) when there is an error. */
export function requireValidProject(ctx: CliContext, dir: string): ProjectCheck & { manifest: TPluginManifest; locales: TPluginLocales } {
  const check = checkProject(dir);
  printFindings(ctx, check.findings);
  const { errors, warnings } = countFindings(check.findings);
  if (errors > 0 || !check.manifest || !check.locales) throw new CliFailure("cli.validate.failed", { errors, warnings });
  return check as ProjectCheck & { manifest: TPluginManifest; locales: TPluginLocales };
}

/**
 * A plugin version's automated check results (core stores codes and parameters, never prose) as
 * lines the page can translate: each lint issue, scan finding and test result becomes an i18n key,
 * its values, and where it is. Keys come from the plugin toolchain's texts (`pluginTools.lint.*`,
 * `pluginRuntime.*`) and this app's own (`pluginReview.checks.*`).
 */
import { lintIssueKey, type LintIssue } from "@qudao/plugins/manifest-lint";

type Params = Record<string, string | number>;
type Status = "passed" | "failed" | "warning";

export type CheckLine =
  | { kind: "issue"; code: string; key: string; params: Params; severity: "error" | "warning"; where: string | null; snippet: string | null }
  | { kind: "note"; key: string; params: Params }
  | { kind: "test"; name: string; passed: boolean; cpuMs: number | null; failure: { code: string; key: string; params: Params; message: string } | null }
  | { kind: "raw"; text: string };

export type PresentedCheck = { code: string; status: Status; lines: CheckLine[] };

type Detail = Record<string, unknown>;

function text(value: unknown): string {
  return typeof value === "string" ? value : value === null || value === undefined ? "" : String(value);
}

function params(value: unknown): Params {
  if (typeof value !== "object" || value === null) return {};
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, typeof v === "number" ? v : text(v)]));
}

function kilobytes(bytes: unknown): string {
  return typeof bytes === "number" ? (bytes / 1024).toFixed(1) : "?";
}

function lintLine(detail: Detail): CheckLine {
  const issue = { code: text(detail.code), severity: detail.severity === "warning" ? "warning" : "error", path: text(detail.path), params: params(detail.params) } as LintIssue;
  const code = issue.code === "shape" ? `shape.${text(issue.params.sub)}` : issue.code;
  return { kind: "issue", code, key: `pluginTools.${lintIssueKey(issue)}`, params: issue.params, severity: issue.severity, where: issue.path || null, snippet: null };
}

function scanLine(detail: Detail): CheckLine {
  const code = text(detail.code);
  const name = text(detail.name);
  const where = typeof detail.line === "number" ? `${detail.line}:${typeof detail.column === "number" ? detail.column : 0}` : null;
  return { kind: "issue", code, key: `pluginRuntime.scan.${code}`, params: { name, detail: name }, severity: "error", where, snippet: text(detail.snippet) || null };
}

function testLine(detail: Detail): CheckLine {
  const error = typeof detail.error === "object" && detail.error !== null ? (detail.error as Detail) : null;
  return {
    kind: "test",
    name: text(detail.name),
    passed: detail.passed === true,
    cpuMs: typeof detail.cpuMicros === "number" ? Math.round(detail.cpuMicros / 10) / 100 : null,
    failure: error ? { code: text(error.code), key: text(error.messageKey) || `pluginRuntime.test.${text(error.code)}`, params: params(error.params), message: text(error.message) } : null,
  };
}

function linesOf(code: string, details: Detail[]): CheckLine[] {
  switch (code) {
    case "manifest":
      return details.map(lintLine);
    case "static_scan":
      return details.map(scanLine);
    case "version_order":
      return details.map((d) => ({ kind: "note", key: "pluginReview.checks.details.versionOrder", params: { version: text(d.version), newest: text(d.newest) } }));
    case "permissions":
      return details.map((d): CheckLine => {
        const added = Array.isArray(d.added) ? d.added.length : 0;
        const removed = Array.isArray(d.removed) ? d.removed.length : 0;
        return d.previousVersion
          ? { kind: "note", key: "pluginReview.checks.details.permissionsSince", params: { added, removed, previous: text(d.previousVersion) } }
          : { kind: "note", key: "pluginReview.checks.details.permissionsFirst", params: { added } };
      });
    case "bundle_size":
      return details.map((d) => ({ kind: "note", key: "pluginReview.checks.details.bundleSize", params: { size: kilobytes(d.bytes), max: kilobytes(d.max) } }));
    case "tests":
      return details.map((d) =>
        d.reason === "manifest"
          ? { kind: "note", key: "pluginReview.checks.details.testsNeedManifest", params: {} }
          : d.reason === "none"
            ? { kind: "note", key: "pluginReview.checks.details.testsNone", params: {} }
            : testLine(d),
      );
    default:
      // A check this page does not know yet still shows what it found.
      return details.map((d) => ({ kind: "raw", text: JSON.stringify(d) }));
  }
}

export function presentChecks(checks: ReadonlyArray<{ code: string; status: Status; details: Detail[] }>): PresentedCheck[] {
  return checks.map((check) => ({ code: check.code, status: check.status, lines: linesOf(check.code, check.details ?? []) }));
}

import { z } from "zod";
import { hasToolMessage } from "../i18n/index.ts";
import { LINT_CODES, lintIssueKey, type LintIssue } from "../sdk/manifest-lint.ts";
import type { CliContext } from "./cli-context.ts";

/**
 * Prints the review checks the server ran on an upload. The server sends codes and structured details
 * (lint issues, scan findings, test results…), so the developer reads them in the CLI's language with
 * the same wording as `validate`, `pack` and `test`; details of a shape this CLI does not know yet are
 * shown as JSON rather than dropped.
 */
export const ZUploadCheck = z.object({
  code: z.string(),
  status: z.enum(["passed", "failed", "warning"]),
  details: z.unknown().optional(),
});
export type TUploadCheck = z.infer<typeof ZUploadCheck>;

const MARK = { passed: "✓", warning: "!", failed: "✗" } as const;

const ZLintIssue = z.object({
  code: z.enum(LINT_CODES),
  severity: z.enum(["error", "warning"]),
  path: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
const ZScanFinding = z.object({ code: z.string(), name: z.string(), line: z.number(), column: z.number(), snippet: z.string() });
const ZTestFailure = z.object({ messageKey: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])), message: z.string() });
const ZTestResult = z.object({ name: z.string(), passed: z.boolean(), error: ZTestFailure.nullable().optional(), cpuMicros: z.number() });
const ZTestsSkipped = z.object({ reason: z.enum(["none", "manifest"]) });
const ZPermissionChange = z.object({ added: z.array(z.string()), removed: z.array(z.string()), previousVersion: z.string().nullable() });
const ZBundleSize = z.object({ bytes: z.number(), max: z.number() });
const ZVersionOrder = z.object({ version: z.string(), newest: z.string().nullable() });

const kilobytes = (bytes: number) => (bytes / 1024).toFixed(1);
const milliseconds = (micros: number) => (micros / 1000).toFixed(2);

function describeDetail(ctx: CliContext, detail: unknown): string[] {
  const t = ctx.t;
  const lint = ZLintIssue.safeParse(detail);
  if (lint.success) {
    const issue = lint.data as LintIssue;
    return [t("cli.finding", { severity: t(`cli.severity.${issue.severity}`), place: issue.path ? `manifest.json › ${issue.path}` : "manifest.json", message: t(lintIssueKey(issue), issue.params) })];
  }
  const finding = ZScanFinding.safeParse(detail);
  if (finding.success && hasToolMessage(`pluginRuntime.scan.${finding.data.code}`)) {
    const { code, name, line, column, snippet } = finding.data;
    return [t("cli.pack.scanFinding", { message: t(`pluginRuntime.scan.${code}`, { name, detail: name }), line, column, snippet })];
  }
  const test = ZTestResult.safeParse(detail);
  if (test.success) {
    const { name, passed, error, cpuMicros } = test.data;
    const lines = [t(passed ? "cli.test.passed" : "cli.test.failed", { name, cpu: milliseconds(cpuMicros) })];
    if (error) lines.push(`    ${t(error.messageKey, error.params)}`);
    return lines;
  }
  const skipped = ZTestsSkipped.safeParse(detail);
  if (skipped.success) return [t(skipped.data.reason === "none" ? "cli.publish.detail.testsNone" : "cli.publish.detail.testsManifest")];
  const permissions = ZPermissionChange.safeParse(detail);
  if (permissions.success) {
    const { added, removed, previousVersion } = permissions.data;
    const lines: string[] = [];
    if (added.length > 0) {
      lines.push(
        previousVersion === null
          ? t("cli.publish.detail.permissionsFirst", { permissions: added.join(", ") })
          : t("cli.publish.detail.permissionsAdded", { previous: previousVersion, permissions: added.join(", ") }),
      );
    }
    if (removed.length > 0) lines.push(t("cli.publish.detail.permissionsRemoved", { permissions: removed.join(", ") }));
    return lines;
  }
  const size = ZBundleSize.safeParse(detail);
  if (size.success) return [t("cli.publish.detail.bundleSize", { size: kilobytes(size.data.bytes), max: kilobytes(size.data.max) })];
  const order = ZVersionOrder.safeParse(detail);
  if (order.success && order.data.newest !== null) return [t("cli.publish.detail.versionOrder", { version: order.data.version, newest: order.data.newest })];
  return [typeof detail === "string" ? detail : JSON.stringify(detail)];
}

export function printChecks(ctx: CliContext, checks: readonly TUploadCheck[]): void {
  for (const check of checks) {
    const labelKey = `cli.publish.check.${check.code}`;
    ctx.say("cli.publish.checkLine", {
      mark: MARK[check.status],
      check: hasToolMessage(labelKey) ? ctx.t(labelKey) : check.code,
      status: ctx.t(`cli.publish.checkStatus.${check.status}`),
    });
    const details = check.details === undefined || check.details === null ? [] : Array.isArray(check.details) ? check.details : [check.details];
    for (const detail of details) {
      for (const line of describeDetail(ctx, detail)) ctx.io.stdout(`      ${line.split("\n").join("\n      ")}\n`);
    }
  }
}

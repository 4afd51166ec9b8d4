import path from "node:path";
import { PluginLoadError, createHarness, type TestFailure } from "../sdk/harness/index.ts";
import { CliFailure, type CliContext } from "./cli-context.ts";
import { bundleHooks, bundleTests } from "./plugin-bundle.ts";
import { requireValidProject } from "./plugin-project.ts";

function milliseconds(micros: number): string {
  return (micros / 1000).toFixed(2);
}

function indent(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((line) => `${prefix}${line}`)
    .join("\n");
}

/** The translated failure, then the developer's own detail (the error as thrown, its stack) untouched. */
function printFailure(ctx: CliContext, failure: TestFailure): void {
  ctx.io.stderr(`${indent(ctx.t(failure.messageKey, failure.params), "    ")}\n`);
  const detail = failure.message.trimEnd();
  if (detail) ctx.io.stderr(`${indent(detail, "      ")}\n`);
}

/**
 * `qudao-plugin test [dir]`: bundles the hooks (unminified, for readable stacks) and the tests, and
 * runs them in the SDK harness — the sandbox and limits production uses. Each test prints its CPU
 * time; a failing test also prints its console output.
 */
export async function testCommand(ctx: CliContext, dirArg: string | undefined): Promise<void> {
  const dir = path.resolve(ctx.io.cwd, dirArg ?? ".");
  const { raw, locales } = requireValidProject(ctx, dir);
  const hooksCode = await bundleHooks(dir, { minify: false });
  const testsCode = await bundleTests(dir, { minify: false });
  if (testsCode === null) {
    ctx.say("cli.test.none");
    return;
  }
  const harness = createHarness({ manifest: raw, hooksCode, testsCode, locales });
  try {
    const results = await harness.runTests();
    let failed = 0;
    for (const result of results) {
      const cpu = milliseconds(result.cpuMicros);
      if (result.passed) {
        ctx.say("cli.test.passed", { name: result.name, cpu });
        continue;
      }
      failed++;
      ctx.complain("cli.test.failed", { name: result.name, cpu });
      if (result.error) printFailure(ctx, result.error);
      for (const line of result.logs) ctx.complain("cli.test.log", { level: line.level, text: line.text });
    }
    const total = results.reduce((sum, r) => sum + r.cpuMicros, 0);
    if (failed > 0) throw new CliFailure("cli.test.summaryFailed", { passed: results.length - failed, failed, cpu: milliseconds(total) });
    ctx.say("cli.test.summaryPassed", { passed: results.length, cpu: milliseconds(total) });
  } catch (error) {
    if (!(error instanceof PluginLoadError)) throw error;
    const detail = error.failure.message.trimEnd();
    if (detail) ctx.io.stderr(`${indent(detail, "    ")}\n`);
    throw new CliFailure("cli.test.loadFailed", { message: ctx.t(error.failure.messageKey, error.failure.params) });
  } finally {
    harness.dispose();
  }
}

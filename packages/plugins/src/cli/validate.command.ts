import path from "node:path";
import { CliFailure, type CliContext } from "./cli-context.ts";
import { checkProject, countFindings, printFindings } from "./plugin-project.ts";

/** `qudao-plugin validate [dir]`: the manifest lint and the locale files, translated; exit 1 on an error. */
export function validateCommand(ctx: CliContext, dirArg: string | undefined): void {
  const dir = path.resolve(ctx.io.cwd, dirArg ?? ".");
  const check = checkProject(dir);
  printFindings(ctx, check.findings);
  const { errors, warnings } = countFindings(check.findings);
  if (errors > 0) throw new CliFailure("cli.validate.failed", { errors, warnings });
  if (warnings > 0) ctx.say("cli.validate.passedWithWarnings", { warnings, id: check.manifest?.id ?? "" });
  else ctx.say("cli.validate.passed", { id: check.manifest?.id ?? "" });
}

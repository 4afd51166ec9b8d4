import { pathToFileURL } from "node:url";
import { translator } from "../i18n/index.ts";
import { parseArgs } from "./args.ts";
import { CliFailure, createContext, type CliIo } from "./cli-context.ts";
import { resolveLocale } from "./locale.ts";
import { SDK_VERSION } from "./plugin-project.ts";

/**
 * `qudao-plugin`: init | validate | test | pack | publish. Exit codes: 0 done, 1 refused or failed
 * (lint errors, failing tests, a rejected upload), 2 the command line itself was wrong.
 * Commands are imported when run, so `--help` does not load esbuild or the QuickJS sandbox.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv);
  const flag = parsed.ok ? (typeof parsed.args.options.locale === "string" ? parsed.args.options.locale : undefined) : parsed.locale;
  const locale = resolveLocale(flag, io.env);
  const t = translator(locale);
  const ctx = createContext(io, locale, t);

  if (!parsed.ok) {
    ctx.complain(parsed.error.key, parsed.error.params);
    ctx.complain("cli.help.hint");
    return 2;
  }
  if (flag !== undefined && flag !== locale) {
    ctx.complain("cli.args.localeInvalid", { locale: flag });
    return 2;
  }
  const { command, positionals, options } = parsed.args;
  const text = (name: string) => (typeof options[name] === "string" ? (options[name] as string) : undefined);

  if (options.version) {
    io.stdout(`${SDK_VERSION}\n`);
    return 0;
  }
  if (options.help || command === null) {
    ctx.say(command ? `cli.help.${command}` : "cli.help.usage", { version: SDK_VERSION });
    return command === null && !options.help ? 2 : 0;
  }

  try {
    switch (command) {
      case "init": {
        const init: { dir: string; id?: string; name?: string } = { dir: positionals[0] as string };
        const id = text("id");
        const name = text("name");
        if (id !== undefined) init.id = id;
        if (name !== undefined) init.name = name;
        const { initCommand } = await import("./init.command.ts");
        initCommand(ctx, init);
        break;
      }
      case "validate": {
        const { validateCommand } = await import("./validate.command.ts");
        validateCommand(ctx, positionals[0]);
        break;
      }
      case "test": {
        const { testCommand } = await import("./test.command.ts");
        await testCommand(ctx, positionals[0]);
        break;
      }
      case "pack": {
        const { packCommand } = await import("./pack.command.ts");
        await packCommand(ctx, positionals[0]);
        break;
      }
      case "publish": {
        const { publishCommand } = await import("./publish.command.ts");
        await publishCommand(ctx, { target: positionals[0], url: text("url"), key: text("key") });
        break;
      }
    }
    return 0;
  } catch (error) {
    if (error instanceof CliFailure) {
      ctx.complain(error.key, error.params);
      return error.exitCode;
    }
    ctx.complain("cli.crashed", { detail: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    return 1;
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  process.exitCode = await runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdout: (chunk) => process.stdout.write(chunk),
    stderr: (chunk) => process.stderr.write(chunk),
  });
}

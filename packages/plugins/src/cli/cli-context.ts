import type { PluginToolLocale, Translate } from "../i18n/index.ts";

/** Everything a command touches outside its arguments, so tests can run commands in-process too. */
export type CliIo = {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
};

export type CliContext = {
  io: CliIo;
  locale: PluginToolLocale;
  t: Translate;
  /** A translated line on stdout. */
  say: (key: string, params?: Record<string, string | number>) => void;
  /** A translated line on stderr. */
  complain: (key: string, params?: Record<string, string | number>) => void;
};

/**
 * A refusal the CLI reports as one translated message and a non-zero exit. Commands throw it
 * instead of printing and returning, so no command can forget the exit code.
 */
export class CliFailure extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number> = {},
    readonly exitCode = 1,
  ) {
    super(key);
    this.name = "CliFailure";
  }
}

export function createContext(io: CliIo, locale: PluginToolLocale, t: Translate): CliContext {
  return {
    io,
    locale,
    t,
    say: (key, params) => io.stdout(`${t(key, params)}\n`),
    complain: (key, params) => io.stderr(`${t(key, params)}\n`),
  };
}

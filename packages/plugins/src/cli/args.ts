/**
 * Argument parsing for `qudao-plugin`. Hand-written rather than node:util's parseArgs because every
 * refusal has to be a translatable code, and the set of options is small and fixed.
 */
export const COMMANDS = ["init", "validate", "test", "pack", "publish"] as const;
export type Command = (typeof COMMANDS)[number];

type OptionKind = "string" | "boolean";

const GLOBAL_OPTIONS: Record<string, OptionKind> = { help: "boolean", version: "boolean", locale: "string" };
const SHORT_OPTIONS: Record<string, string> = { h: "help", v: "version" };

const COMMAND_OPTIONS: Record<Command, Record<string, OptionKind>> = {
  init: { id: "string", name: "string" },
  validate: {},
  test: {},
  pack: {},
  publish: { url: "string", key: "string" },
};

/** How many positional arguments each command takes: [at least, at most]. */
const POSITIONALS: Record<Command, [number, number]> = {
  init: [1, 1],
  validate: [0, 1],
  test: [0, 1],
  pack: [0, 1],
  publish: [0, 1],
};

export type ParsedArgs = {
  command: Command | null;
  positionals: string[];
  options: Record<string, string | boolean>;
};

export type ArgsError = { key: string; params: Record<string, string | number> };

export type ParseResult = { ok: true; args: ParsedArgs } | { ok: false; error: ArgsError; locale: string | undefined };

function isCommand(value: string): value is Command {
  return (COMMANDS as readonly string[]).includes(value);
}

export function parseArgs(argv: readonly string[]): ParseResult {
  const options: Record<string, string | boolean> = {};
  const words: string[] = [];
  let error: ArgsError | null = null;
  const fail = (key: string, params: Record<string, string | number>) => {
    error ??= { key, params };
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      words.push(...argv.slice(i + 1));
      break;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    } else if (arg.startsWith("-") && arg.length > 1) {
      const long = SHORT_OPTIONS[arg.slice(1)];
      if (!long) {
        fail("cli.args.unknownOption", { option: arg });
        continue;
      }
      name = long;
    } else {
      words.push(arg);
      continue;
    }
    // Options are checked against the command after the loop; here only their form matters.
    const kind = GLOBAL_OPTIONS[name] ?? Object.values(COMMAND_OPTIONS).find((o) => o[name])?.[name];
    if (!kind) {
      fail("cli.args.unknownOption", { option: `--${name}` });
      continue;
    }
    if (kind === "boolean") {
      if (inline !== undefined) fail("cli.args.noValueExpected", { option: `--${name}` });
      options[name] = true;
      continue;
    }
    const value = inline ?? argv[i + 1];
    if (value === undefined || (inline === undefined && value.startsWith("--"))) {
      fail("cli.args.valueMissing", { option: `--${name}` });
      continue;
    }
    if (inline === undefined) i++;
    options[name] = value;
  }

  const locale = typeof options.locale === "string" ? options.locale : undefined;
  const [first, ...rest] = words;
  let command: Command | null = null;
  if (first !== undefined) {
    if (isCommand(first)) command = first;
    else fail("cli.args.unknownCommand", { command: first });
  }
  if (command) {
    const allowed = { ...GLOBAL_OPTIONS, ...COMMAND_OPTIONS[command] };
    for (const name of Object.keys(options)) {
      if (!allowed[name]) fail("cli.args.optionNotForCommand", { option: `--${name}`, command });
    }
    const [min, max] = POSITIONALS[command];
    if (rest.length > max) fail("cli.args.tooManyArguments", { command, extra: rest.slice(max).join(" ") });
    else if (rest.length < min && !options.help) fail("cli.args.argumentMissing", { command });
  } else {
    for (const name of Object.keys(options)) {
      if (!GLOBAL_OPTIONS[name]) fail("cli.args.unknownOption", { option: `--${name}` });
    }
  }
  if (error) return { ok: false, error, locale };
  return { ok: true, args: { command, positionals: command ? rest : [], options } };
}

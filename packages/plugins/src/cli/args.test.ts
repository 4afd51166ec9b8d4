import { describe, expect, it } from "vitest";
import { parseArgs } from "./args.ts";
import { localeFromTag, resolveLocale } from "./locale.ts";

describe("parseArgs", () => {
  it.each([
    [["init", "my-plugin"], { command: "init", positionals: ["my-plugin"], options: {} }],
    [["init", "my-plugin", "--id", "acme.visits", "--name=拜访"], { command: "init", positionals: ["my-plugin"], options: { id: "acme.visits", name: "拜访" } }],
    [["validate"], { command: "validate", positionals: [], options: {} }],
    [["test", "plugins/a", "--locale", "en"], { command: "test", positionals: ["plugins/a"], options: { locale: "en" } }],
    [["publish", "dist/a.qpkg", "--url", "http://127.0.0.1:3000", "--key", "k-1"], { command: "publish", positionals: ["dist/a.qpkg"], options: { url: "http://127.0.0.1:3000", key: "k-1" } }],
    [["--url=http://x", "publish"], { command: "publish", positionals: [], options: { url: "http://x" } }],
    [["pack", "--", "--odd-dir"], { command: "pack", positionals: ["--odd-dir"], options: {} }],
    [["--help"], { command: null, positionals: [], options: { help: true } }],
    [["-h", "init"], { command: "init", positionals: [], options: { help: true } }],
    [["-v"], { command: null, positionals: [], options: { version: true } }],
    [[], { command: null, positionals: [], options: {} }],
  ])("%j", (argv, expected) => {
    expect(parseArgs(argv)).toEqual({ ok: true, args: expected });
  });

  it.each([
    [["deploy"], "cli.args.unknownCommand", { command: "deploy" }],
    [["test", "--watch"], "cli.args.unknownOption", { option: "--watch" }],
    [["test", "-x"], "cli.args.unknownOption", { option: "-x" }],
    [["--id", "acme.x"], "cli.args.unknownOption", { option: "--id" }],
    [["validate", "--id", "acme.x"], "cli.args.optionNotForCommand", { option: "--id", command: "validate" }],
    [["publish", "--url"], "cli.args.valueMissing", { option: "--url" }],
    [["publish", "--url", "--key", "k"], "cli.args.valueMissing", { option: "--url" }],
    [["--help=yes"], "cli.args.noValueExpected", { option: "--help" }],
    [["init"], "cli.args.argumentMissing", { command: "init" }],
    [["pack", "a", "b"], "cli.args.tooManyArguments", { command: "pack", extra: "b" }],
  ])("refuses %j", (argv, key, params) => {
    expect(parseArgs(argv)).toEqual({ ok: false, error: { key, params }, locale: undefined });
  });

  it("keeps --locale when refusing, so the refusal is in the asked language", () => {
    expect(parseArgs(["deploy", "--locale", "en"])).toMatchObject({ ok: false, locale: "en" });
  });
});

describe("locale", () => {
  it.each([
    ["zh_TW.UTF-8", "zh-TW"],
    ["zh_HK.UTF-8", "zh-TW"],
    ["zh-Hant", "zh-TW"],
    ["zh_CN.UTF-8", "zh-CN"],
    ["zh", "zh-CN"],
    ["en_US.UTF-8", "en"],
    ["en", "en"],
    ["C.UTF-8", undefined],
    ["POSIX", undefined],
    ["", undefined],
  ])("%s → %s", (tag, locale) => {
    expect(localeFromTag(tag)).toBe(locale);
  });

  it.each([
    ["en", { QUDAO_LOCALE: "zh-TW", LANG: "zh_CN.UTF-8" }, "en"],
    [undefined, { QUDAO_LOCALE: "zh-TW", LANG: "en_US.UTF-8" }, "zh-TW"],
    [undefined, { LANG: "en_US.UTF-8" }, "en"],
    [undefined, { QUDAO_LOCALE: "fr", LANG: "en_GB.UTF-8" }, "en"],
    [undefined, { LANG: "C.UTF-8" }, "zh-CN"],
    [undefined, {}, "zh-CN"],
  ])("--locale %s with %j → %s", (flag, env, locale) => {
    expect(resolveLocale(flag, env)).toBe(locale);
  });
});

import { transformSync } from "esbuild";
import { PLUGIN_GLOBALS } from "./prelude.ts";

/**
 * Static scan of a plugin's hooks bundle for globals and constructs a reviewed plugin must not use.
 * A review signal, not the security boundary: the QuickJS sandbox has none of these host objects
 * anyway, and code can always hide a name (`globalThis["ev" + "al"]`). What the scan promises is that
 * ordinary use of a forbidden name is reported with its line and column, and that the same name in a
 * string, a comment, a regular expression or as a property (`obj.process`, `{ fetch: … }`,
 * `class A { eval() {} }`) is not.
 *
 * It works on tokens (strings, template text, comments and regular expressions are skipped; `\u`
 * escapes in identifiers are decoded) and decides by the neighbouring tokens, without scopes. So a
 * local variable that shadows a forbidden global (`const fetch = …`) is reported too: a plugin has no
 * reason to reuse these names, and renaming is cheap. Property reads on the global object
 * (`globalThis.eval`, `self["fetch"]`) count as the global.
 *
 * Positions are 1-based line and column (UTF-16 units) in the bundle as uploaded.
 */
export const SCAN_CODES = [
  "syntax_error",
  "eval",
  "function_constructor",
  "dynamic_import",
  "module_syntax",
  "require",
  "node_global",
  "webassembly",
  "network",
  "shared_memory",
  "timers",
  "prototype_tampering",
  "host_internals",
] as const;
export type ScanCode = (typeof SCAN_CODES)[number];

export type ScanFinding = {
  code: ScanCode;
  /** The name that triggered it (for syntax errors, the parser's message). */
  name: string;
  line: number;
  column: number;
  /** The source line around the finding, at most ~120 characters. */
  snippet: string;
};

/** Findings beyond this many are dropped: the reviewer has seen enough. */
export const MAX_SCAN_FINDINGS = 200;

const FORBIDDEN_GLOBALS: ReadonlyMap<string, ScanCode> = new Map<string, ScanCode>([
  ["eval", "eval"],
  ["Function", "function_constructor"],
  ["require", "require"],
  ["process", "node_global"],
  ["Buffer", "node_global"],
  ["global", "node_global"],
  ["__dirname", "node_global"],
  ["__filename", "node_global"],
  ["WebAssembly", "webassembly"],
  ["fetch", "network"],
  ["XMLHttpRequest", "network"],
  ["WebSocket", "network"],
  ["EventSource", "network"],
  ["importScripts", "network"],
  ["Atomics", "shared_memory"],
  ["SharedArrayBuffer", "shared_memory"],
  ["setTimeout", "timers"],
  ["setInterval", "timers"],
  ["setImmediate", "timers"],
  ["queueMicrotask", "timers"],
]);

/** Reached through a member access, these tamper with prototypes whatever the object. */
const PROTOTYPE_MEMBERS = new Set(["__proto__", "setPrototypeOf", "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__"]);

/** Names through which code reaches the global object. */
const GLOBAL_OBJECTS = new Set(["globalThis", "self", "window", "global"]);

/** After these keywords an expression starts, so `/` begins a regular expression and `{` an object. */
const EXPRESSION_KEYWORDS = new Set(["return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "yield", "await", "extends"]);
/** After these keywords a statement starts: `/` begins a regular expression, `{` a block. */
const STATEMENT_KEYWORDS = new Set(["else", "do", "try", "finally"]);
const CONTROL_KEYWORDS = new Set(["if", "while", "for", "with"]);
const BINDING_KEYWORDS = new Set(["const", "let", "var"]);

const PUNCTUATORS = new Set([
  ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
  "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "**", "<<", ">>",
  "{", "}", "(", ")", "[", "]", ";", ",", "<", ">", "+", "-", "*", "/", "%", "&", "|", "^", "!", "~", "?", ":", "=", ".", "@", "#",
]);

/** The longest punctuator at `at`, or undefined. */
function punctuatorAt(source: string, at: number): string | undefined {
  for (let length = 4; length >= 1; length--) {
    const candidate = source.slice(at, at + length);
    if (candidate.length === length && PUNCTUATORS.has(candidate)) return candidate;
  }
  return undefined;
}

/** ASCII letters, digits, `$` and `_`: the common case of identifier characters, tested without a regex. */
function isAsciiIdentifierPart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 36 || code === 95;
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= "0" && ch <= "9";
}

type TokenType = "ident" | "punct" | "string" | "template" | "regex" | "number" | "private";
type Token = {
  type: TokenType;
  /** Identifier name (escapes decoded), punctuator, or a string's / plain template's value. */
  value: string;
  start: number;
  /** For `{`: what it opens. For `)`: whether it closes an if/while/for/with header. */
  brace?: BraceKind;
  closesControl?: boolean;
  /** For `:`: it ends the middle of a conditional (`a ? b : c`), so an expression follows. */
  ternary?: boolean;
  /** For `(`: index of the matching `)` token. */
  match?: number;
};
type BraceKind = "object" | "class" | "block";

const ID_START = /[$_\p{ID_Start}]/u;
const ID_CONTINUE = /[$_\u200c\u200d\p{ID_Continue}]/u;

class ScanSyntaxError extends Error {
  constructor(readonly offset: number) {
    super("unterminated");
  }
}

function isLineTerminator(ch: string): boolean {
  return ch === "\n" || ch === "\r" || ch === "\u2028" || ch === "\u2029";
}

/** The tokens of `source`, with the bookkeeping the checks need (brace kinds, paren matches). */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const braces: Array<BraceKind | "template"> = [];
  const parens: Array<{ index: number; control: boolean }> = [];
  let pendingClass: { depth: number } | null = null;
  let brackets = 0;
  // Open `?` of conditionals, per nesting depth, so that their `:` is told apart from a key's or a label's.
  const openConditionals = new Map<number, number>();
  const depth = () => braces.length + parens.length + brackets;
  let i = 0;
  const n = source.length;

  const last = (): Token | undefined => tokens[tokens.length - 1];

  /** Does a token in this position start an expression (regex, object literal) rather than end one? */
  const expressionStarts = (prev: Token | undefined): boolean => {
    if (!prev) return true;
    if (prev.type === "ident") return EXPRESSION_KEYWORDS.has(prev.value) || STATEMENT_KEYWORDS.has(prev.value);
    if (prev.type !== "punct") return false;
    if (prev.value === ")") return prev.closesControl === true;
    return prev.value !== "]" && prev.value !== "++" && prev.value !== "--";
  };

  const braceKind = (prev: Token | undefined): BraceKind => {
    if (pendingClass && pendingClass.depth === parens.length) {
      pendingClass = null;
      return "class";
    }
    if (!prev) return "block";
    // `const {` / `let {` / `var {` open a destructuring pattern, which reads like an object literal.
    if (prev.type === "ident") return EXPRESSION_KEYWORDS.has(prev.value) || BINDING_KEYWORDS.has(prev.value) ? "object" : "block";
    if (prev.type !== "punct") return "block";
    if (prev.value === ":") return prev.ternary || braces[braces.length - 1] === "object" ? "object" : "block";
    return [")", "]", "}", ";", "{", "=>", "++", "--"].includes(prev.value) ? "block" : "object";
  };

  const readEscape = (at: number): { char: string; end: number } => {
    // at points at the backslash of \uXXXX or \u{X…}
    if (source[at + 1] !== "u") throw new ScanSyntaxError(at);
    if (source[at + 2] === "{") {
      const close = source.indexOf("}", at + 3);
      if (close < 0) throw new ScanSyntaxError(at);
      const codePoint = parseInt(source.slice(at + 3, close), 16);
      if (!(codePoint >= 0 && codePoint <= 0x10ffff)) throw new ScanSyntaxError(at);
      return { char: String.fromCodePoint(codePoint), end: close + 1 };
    }
    return { char: String.fromCharCode(parseInt(source.slice(at + 2, at + 6), 16) || 0), end: at + 6 };
  };

  const readString = (quote: string): { value: string; end: number } => {
    const close = source.indexOf(quote, i + 1);
    if (close > 0) {
      const body = source.slice(i + 1, close);
      if (!body.includes("\\") && !body.includes("\n") && !body.includes("\r")) return { value: body, end: close + 1 };
    }
    let value = "";
    let j = i + 1;
    while (j < n) {
      const ch = source[j]!;
      if (ch === quote) return { value, end: j + 1 };
      if (ch === "\\") {
        const next = source[j + 1] ?? "";
        if (next === "u") {
          const escape = readEscape(j);
          value += escape.char;
          j = escape.end;
          continue;
        }
        if (next === "x") {
          value += String.fromCharCode(parseInt(source.slice(j + 2, j + 4), 16) || 0);
          j += 4;
          continue;
        }
        if (next === "\r" && source[j + 2] === "\n") j++;
        else if (!isLineTerminator(next)) value += ({ n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", v: "\v", "0": "\0" } as Record<string, string>)[next] ?? next;
        j += 2;
        continue;
      }
      if (ch === "\n" || ch === "\r") throw new ScanSyntaxError(i);
      value += ch;
      j++;
    }
    throw new ScanSyntaxError(i);
  };

  /** Template text from `at` (just after ` or }) to the next ${ or closing `. */
  const readTemplateText = (at: number): { value: string; end: number; substitution: boolean } => {
    let value = "";
    let j = at;
    while (j < n) {
      const ch = source[j]!;
      if (ch === "`") return { value, end: j + 1, substitution: false };
      if (ch === "$" && source[j + 1] === "{") return { value, end: j + 2, substitution: true };
      if (ch === "\\") {
        value += source[j + 1] ?? "";
        j += 2;
        continue;
      }
      value += ch;
      j++;
    }
    throw new ScanSyntaxError(at);
  };

  const readRegex = (): number => {
    let j = i + 1;
    let inClass = false;
    while (j < n) {
      const ch = source[j]!;
      if (isLineTerminator(ch)) throw new ScanSyntaxError(i);
      if (ch === "\\") {
        j += 2;
        continue;
      }
      if (ch === "[") inClass = true;
      else if (ch === "]") inClass = false;
      else if (ch === "/" && !inClass) {
        j++;
        while (j < n && ID_CONTINUE.test(source[j]!)) j++;
        return j;
      }
      j++;
    }
    throw new ScanSyntaxError(i);
  };

  const readNumber = (): number => {
    let j = i;
    if (source[j] === "0" && /[xXoObB]/.test(source[j + 1] ?? "")) {
      j += 2;
      while (j < n && /[0-9a-fA-F_]/.test(source[j]!)) j++;
    } else {
      while (j < n && /[0-9_]/.test(source[j]!)) j++;
      if (source[j] === ".") {
        j++;
        while (j < n && /[0-9_]/.test(source[j]!)) j++;
      }
      if (/[eE]/.test(source[j] ?? "") && /[-+0-9]/.test(source[j + 1] ?? "")) {
        j += 2;
        while (j < n && /[0-9_]/.test(source[j]!)) j++;
      }
    }
    if (source[j] === "n") j++;
    return j;
  };

  const readIdentifier = (from: number): { value: string; end: number } => {
    let j = from;
    while (j < n && isAsciiIdentifierPart(source.charCodeAt(j)) && !(j === from && isDigit(source[j]))) j++;
    const next = source[j];
    if (next === undefined || (next !== "\\" && next <= "~")) return { value: source.slice(from, j), end: j };
    // Escapes or non-ASCII letters: decode the rest character by character.
    let value = source.slice(from, j);
    while (j < n) {
      const ch = source[j]!;
      if (ch === "\\") {
        const escape = readEscape(j);
        value += escape.char;
        j = escape.end;
        continue;
      }
      const code = source.codePointAt(j)!;
      const char = String.fromCodePoint(code);
      if (!(j === from ? ID_START : ID_CONTINUE).test(char)) break;
      value += char;
      j += char.length;
    }
    return { value, end: j };
  };

  if (source.startsWith("#!")) {
    while (i < n && !isLineTerminator(source[i]!)) i++;
  }

  while (i < n) {
    const ch = source[i]!;
    if (ch === " " || ch === "\n" || ch === "\t" || ch === "\r" || (ch > "~" && /\s|\ufeff/.test(ch)) || ch === "\v" || ch === "\f") {
      i++;
      continue;
    }
    if (ch === "/" && source[i + 1] === "/") {
      while (i < n && !isLineTerminator(source[i]!)) i++;
      continue;
    }
    if (ch === "/" && source[i + 1] === "*") {
      const close = source.indexOf("*/", i + 2);
      if (close < 0) throw new ScanSyntaxError(i);
      i = close + 2;
      continue;
    }
    const start = i;
    if (ch === "'" || ch === '"') {
      const string = readString(ch);
      tokens.push({ type: "string", value: string.value, start });
      i = string.end;
      continue;
    }
    if (ch === "`") {
      const text = readTemplateText(i + 1);
      tokens.push({ type: "template", value: text.substitution ? "" : text.value, start });
      if (text.substitution) braces.push("template");
      i = text.end;
      continue;
    }
    if (ch === "}" && braces[braces.length - 1] === "template") {
      openConditionals.delete(depth());
      braces.pop();
      const text = readTemplateText(i + 1);
      tokens.push({ type: "template", value: "", start });
      if (text.substitution) braces.push("template");
      i = text.end;
      continue;
    }
    if (isDigit(ch) || (ch === "." && isDigit(source[i + 1]))) {
      i = readNumber();
      tokens.push({ type: "number", value: "", start });
      continue;
    }
    if (ch === "#" && ID_START.test(source[i + 1] ?? "")) {
      const name = readIdentifier(i + 1);
      tokens.push({ type: "private", value: name.value, start });
      i = name.end;
      continue;
    }
    const code = source.charCodeAt(i);
    if ((isAsciiIdentifierPart(code) && !isDigit(ch)) || ch === "\\" || (ch > "~" && ID_START.test(String.fromCodePoint(source.codePointAt(i)!)))) {
      const name = readIdentifier(i);
      if (name.end === i) throw new ScanSyntaxError(i);
      const prev = last();
      const isMember = prev?.type === "punct" && (prev.value === "." || prev.value === "?.");
      if (!isMember && name.value === "class") pendingClass = { depth: parens.length };
      tokens.push({ type: "ident", value: name.value, start });
      i = name.end;
      continue;
    }
    if (ch === "/" && expressionStarts(last())) {
      i = readRegex();
      tokens.push({ type: "regex", value: "", start });
      continue;
    }
    let punct = punctuatorAt(source, i);
    if (!punct) throw new ScanSyntaxError(i);
    // `a?.5:b` is a conditional, not optional chaining.
    if (punct === "?." && isDigit(source[i + 2])) punct = "?";
    const token: Token = { type: "punct", value: punct, start };
    // `class` followed by anything but a name, `extends` or `{` is a property key (`{ class: 1 }`).
    const prevToken = last();
    if (pendingClass && punct !== "{" && prevToken?.type === "ident" && prevToken.value === "class") pendingClass = null;
    if (punct === "{") {
      const kind = braceKind(last());
      token.brace = kind;
      braces.push(kind);
    } else if (punct === "}") {
      openConditionals.delete(depth());
      braces.pop();
    } else if (punct === "?") {
      openConditionals.set(depth(), (openConditionals.get(depth()) ?? 0) + 1);
    } else if (punct === ":") {
      const open = openConditionals.get(depth()) ?? 0;
      if (open > 0) {
        openConditionals.set(depth(), open - 1);
        token.ternary = true;
      }
    } else if (punct === "[") {
      brackets++;
    } else if (punct === "]") {
      openConditionals.delete(depth());
      brackets = Math.max(0, brackets - 1);
    } else if (punct === "(") {
      const prev = last();
      parens.push({ index: tokens.length, control: prev?.type === "ident" && CONTROL_KEYWORDS.has(prev.value) });
    } else if (punct === ")") {
      openConditionals.delete(depth());
      const open = parens.pop();
      if (open) {
        token.closesControl = open.control;
        tokens[open.index]!.match = tokens.length;
      }
    }
    tokens.push(token);
    i += punct.length;
  }
  return tokens;
}

/** The kind of brace each token sits directly inside. */
function enclosingBraces(tokens: Token[]): Array<BraceKind | undefined> {
  const stack: BraceKind[] = [];
  return tokens.map((token) => {
    const inside = stack[stack.length - 1];
    if (token.type === "punct" && token.value === "{") stack.push(token.brace ?? "block");
    else if (token.type === "punct" && token.value === "}") stack.pop();
    return inside;
  });
}

function isPunct(token: Token | undefined, ...values: string[]): boolean {
  return token?.type === "punct" && values.includes(token.value);
}

/** Can this token be the end of an expression (so a following `[` is a member access)? */
function endsExpression(token: Token | undefined): boolean {
  if (!token) return false;
  if (token.type === "ident") return !EXPRESSION_KEYWORDS.has(token.value) && !STATEMENT_KEYWORDS.has(token.value);
  if (token.type === "punct") return token.value === ")" || token.value === "]" || token.value === "}";
  return token.type !== "private";
}

/** `name` in `{ name: … }`, `{ name() {} }`, `class { get name() {} }` — a property name, not a reference. */
function isPropertyName(tokens: Token[], index: number, inside: BraceKind | undefined): boolean {
  const prev = tokens[index - 1];
  const next = tokens[index + 1];
  const inObjectOrClass = inside === "object" || inside === "class";
  if (!inObjectOrClass) return false;
  const modifier = prev?.type === "ident" && ["get", "set", "static", "async"].includes(prev.value);
  const startsMember = isPunct(prev, "{", ",") || modifier || isPunct(prev, "*") || (inside === "class" && (isPunct(prev, "}", ";") || prev === undefined));
  if (!startsMember) return false;
  if (inside === "object" && isPunct(next, ":")) return true;
  if (inside === "class" && isPunct(next, "=", ";")) return true;
  if (isPunct(next, "(") && next!.match !== undefined) return isPunct(tokens[next!.match + 1], "{");
  return false;
}

function hostInternal(name: string): boolean {
  return name.startsWith("__qudao") && !(PLUGIN_GLOBALS as readonly string[]).includes(name);
}

type Hit = { code: ScanCode; name: string; start: number };

function checkTokens(tokens: Token[]): Hit[] {
  const hits: Hit[] = [];
  const inside = enclosingBraces(tokens);
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    const prev = tokens[index - 1];
    const next = tokens[index + 1];

    // A computed key written as a literal: `x["constructor"]`, `globalThis["eval"]` (not an array literal `["eval"]`).
    const computedKey = (token.type === "string" || token.type === "template") && isPunct(prev, "[") && isPunct(next, "]") && endsExpression(tokens[index - 2]);
    const memberName = token.type === "ident" && isPunct(prev, ".", "?.");
    if (memberName || computedKey) {
      const name = token.value;
      // `object . name` and `object [ "name" ]`: the object's last token is two before the name either way.
      const objectIndex = index - 2;
      const object = tokens[objectIndex];
      const afterName = computedKey ? tokens[index + 2] : next;
      const onGlobalObject = object?.type === "ident" && GLOBAL_OBJECTS.has(object.value) && !isPunct(tokens[objectIndex - 1], ".", "?.");
      if (PROTOTYPE_MEMBERS.has(name)) hits.push({ code: "prototype_tampering", name, start: token.start });
      else if (hostInternal(name)) hits.push({ code: "host_internals", name, start: token.start });
      else if (name === "constructor" && (isPunct(afterName, "(") || chainedConstructor(tokens, index))) {
        hits.push({ code: "function_constructor", name, start: token.start });
      } else if (onGlobalObject && FORBIDDEN_GLOBALS.has(name)) hits.push({ code: FORBIDDEN_GLOBALS.get(name)!, name, start: token.start });
      continue;
    }
    if (token.type !== "ident") continue;
    const name = token.value;
    if (isPropertyName(tokens, index, inside[index])) continue;
    if (name === "import") {
      hits.push({ code: isPunct(next, "(") ? "dynamic_import" : "module_syntax", name, start: token.start });
    } else if (name === "export" && !isPunct(next, ":")) {
      hits.push({ code: "module_syntax", name, start: token.start });
    } else if (name === "__proto__") {
      hits.push({ code: "prototype_tampering", name, start: token.start });
    } else if (hostInternal(name)) {
      hits.push({ code: "host_internals", name, start: token.start });
    } else if (FORBIDDEN_GLOBALS.has(name)) {
      hits.push({ code: FORBIDDEN_GLOBALS.get(name)!, name, start: token.start });
    }
  }
  return hits;
}

/** `x.constructor.constructor`, `x["constructor"]["constructor"]` and mixes: reaching Function from any function. */
function chainedConstructor(tokens: Token[], index: number): boolean {
  const isConstructorKey = (i: number, asComputed: boolean) =>
    asComputed
      ? (tokens[i]?.type === "string" || tokens[i]?.type === "template") && tokens[i]!.value === "constructor" && isPunct(tokens[i - 1], "[") && isPunct(tokens[i + 1], "]")
      : tokens[i]?.type === "ident" && tokens[i]!.value === "constructor" && isPunct(tokens[i - 1], ".", "?.");
  // The previous key ends right before this one's `.` / `[`.
  const before = index - 2;
  const prevEnd = tokens[before];
  if (!prevEnd) return false;
  if (prevEnd.type === "ident") return isConstructorKey(before, false);
  if (isPunct(prevEnd, "]")) return isConstructorKey(before - 1, true);
  return false;
}

function position(lineStarts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
}

function lineStartsOf(source: string): number[] {
  const starts = [0];
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === "\r" && source[i + 1] === "\n") continue;
    if (isLineTerminator(ch)) starts.push(i + 1);
  }
  return starts;
}

function snippetAt(source: string, lineStarts: number[], line: number, column: number): string {
  const start = lineStarts[line - 1] ?? 0;
  const end = lineStarts[line] ?? source.length;
  const text = source.slice(start, end).replace(/[\r\n\u2028\u2029]+$/, "");
  if (text.length <= 120) return text.trim();
  const from = Math.max(0, column - 1 - 60);
  return text.slice(from, from + 120).trim();
}

/** Scan a hooks (or tests) bundle. Returns findings in source order; an empty list means nothing to report. */
export function scanHooksBundle(source: string): ScanFinding[] {
  const lineStarts = lineStartsOf(source);
  const finding = (code: ScanCode, name: string, line: number, column: number): ScanFinding => ({
    code,
    name,
    line,
    column,
    snippet: snippetAt(source, lineStarts, line, column),
  });

  try {
    transformSync(source, { loader: "js", logLevel: "silent" });
  } catch (error) {
    const first = (error as { errors?: Array<{ text: string; location: { line: number; column: number } | null }> }).errors?.[0];
    const line = first?.location?.line ?? 1;
    const column = (first?.location?.column ?? 0) + 1;
    return [finding("syntax_error", first?.text ?? "", line, column)];
  }

  let tokens: Token[];
  try {
    tokens = tokenize(source);
  } catch (error) {
    if (!(error instanceof ScanSyntaxError)) throw error;
    const { line, column } = position(lineStarts, error.offset);
    return [finding("syntax_error", "", line, column)];
  }
  return checkTokens(tokens)
    .slice(0, MAX_SCAN_FINDINGS)
    .map((hit) => {
      const { line, column } = position(lineStarts, hit.start);
      return finding(hit.code, hit.name, line, column);
    });
}

import { z } from "zod";
import {
  MAX_ERROR_MESSAGE_CHARS,
  MAX_ERROR_STACK_CHARS,
  MAX_LOG_LINE_CHARS,
  MAX_OUTPUT_BYTES,
  MAX_READS_PER_INVOCATION,
  QUERY_DEFAULT_LIMIT,
  QUERY_MAX_LIMIT,
  QUERY_MAX_OFFSET,
  QUERY_MAX_WHERE_FIELDS,
} from "./limits.ts";

/**
 * The JavaScript the host evaluates in every sandbox before the plugin's bundle. It is the only
 * bridge between host and plugin: a function expression that takes the host's one native function
 * (`hostLog(level, text)`) and returns the entry points the host keeps handles to (`run`, and in test
 * sandboxes `listTests` / `runTest`). Those entry points are not reachable from plugin code; the only
 * globals it changes are the fixed clock (`Date`), the seeded `Math.random`, `console`, the removed
 * `SharedArrayBuffer` / `Atomics`, and in test sandboxes `__qudaoTestHost` (what the SDK's `invoke` calls).
 *
 * Every entry point takes and returns strings (JSON), so one host call per round and no handles to
 * juggle. Plugin code can tamper with the built-ins the prelude uses (JSON, Array.prototype…); that
 * only garbles its own answer, which the host validates anyway: the prelude keeps its own references
 * to what it needs so that an ordinary plugin cannot break it by accident.
 *
 * Reads (every hook kind): `records.get` / `records.query` answer from the round's cache; a
 * miss is recorded and answered with null / [] so that the run goes on and collects every read it can
 * reach in one round (a loop over ids costs one round, not one per id). A round with misses is thrown
 * away; the host fetches them through the caller's reader and re-runs the hook from the start.
 *
 * Answers of `run`: {"s":"ok","v":…} · {"s":"needs","r":[reads]} · {"s":"missing_hook"} ·
 * {"s":"threw","e":{name,message,stack}} · {"s":"async"} · {"s":"unserialisable","e":…} · {"s":"too_large"}.
 * An out-of-memory error is re-thrown so that the host sees it as such; an interrupt (CPU limit)
 * cannot be caught by any JavaScript at all.
 */

/** Globals plugin code may touch: set by the SDK's definePlugin / test, and the test API's bridge. */
export const PLUGIN_GLOBALS = ["__qudaoPlugin", "__qudaoTests", "__qudaoTestHost"] as const;

const ZPreludeError = z.object({ name: z.string(), message: z.string(), stack: z.string() });
const ZReadWhere = z
  .record(z.string().max(80), z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]))
  .refine((where) => Object.keys(where).length <= QUERY_MAX_WHERE_FIELDS);

/** A read the prelude asks the host for. Checked again on the host: plugin code can forge the answer. */
export const ZPreludeRead = z.discriminatedUnion("type", [
  z.object({ key: z.string().max(5_000), type: z.literal("get"), object: z.string().max(200), id: z.string().max(200) }),
  z.object({
    key: z.string().max(200_000),
    type: z.literal("query"),
    object: z.string().max(200),
    where: ZReadWhere,
    limit: z.number().int().min(1).max(QUERY_MAX_LIMIT),
    offset: z.number().int().min(0).max(QUERY_MAX_OFFSET).default(0),
  }),
]);
export type PreludeRead = z.infer<typeof ZPreludeRead>;
export type PreludeError = z.infer<typeof ZPreludeError>;

export const ZPreludeRunAnswer = z.discriminatedUnion("s", [
  z.object({ s: z.literal("ok"), v: z.unknown() }),
  z.object({ s: z.literal("needs"), r: z.array(ZPreludeRead).min(1).max(MAX_READS_PER_INVOCATION + 1) }),
  z.object({ s: z.literal("missing_hook") }),
  z.object({ s: z.literal("threw"), e: ZPreludeError }),
  z.object({ s: z.literal("async") }),
  z.object({ s: z.literal("unserialisable"), e: ZPreludeError.nullable() }),
  z.object({ s: z.literal("too_large") }),
]);
export type PreludeRunAnswer = z.infer<typeof ZPreludeRunAnswer>;

export const ZPreludeTestAnswer = z.discriminatedUnion("s", [
  z.object({ s: z.literal("passed") }),
  z.object({
    s: z.literal("failed"),
    e: ZPreludeError,
    /** Set when the test failed on an `expect` (ExpectationError from the SDK). */
    assertion: z.object({ matcher: z.string(), expected: z.string(), received: z.string(), negated: z.boolean() }).optional(),
    /** Set when the test API refused the call (`unknown_hook`, `missing_hook`, `outside_sandbox`). */
    code: z.string().optional(),
    hook: z.string().optional(),
  }),
]);
export type PreludeTestAnswer = z.infer<typeof ZPreludeTestAnswer>;

/** Per-hook defaults the test API merges a test's partial context into (built by the harness). */
export type PreludeTestConfig = { hooks: Record<string, { kind: string; context: Record<string, unknown> }> };

export function preludeSource(options: { testMode: boolean }): string {
  return `(function (hostLog) {
"use strict";
var g = globalThis;
var parse = JSON.parse, stringify = JSON.stringify;
var RealDate = g.Date, dateParse = RealDate.parse, dateUTC = RealDate.UTC;
var objectKeys = Object.keys, defineProperty = Object.defineProperty, freeze = Object.freeze, isArray = Array.isArray;
var hasOwnProperty = Object.prototype.hasOwnProperty, imul = Math.imul, floor = Math.floor, construct = Reflect.construct;
var InternalErrorType = g.InternalError;
var MAX_LINE = ${MAX_LOG_LINE_CHARS}, MAX_OUTPUT = ${MAX_OUTPUT_BYTES}, MAX_READS = ${MAX_READS_PER_INVOCATION};
var QUERY_DEFAULT = ${QUERY_DEFAULT_LIMIT}, QUERY_MAX = ${QUERY_MAX_LIMIT}, OFFSET_MAX = ${QUERY_MAX_OFFSET};
var MAX_MESSAGE = ${MAX_ERROR_MESSAGE_CHARS}, MAX_STACK = ${MAX_ERROR_STACK_CHARS};

function hasOwn(object, key) { return hasOwnProperty.call(object, key); }
function clip(text, max) { return text.length > max ? text.slice(0, max) + "…" : text; }

// QuickJS's own shared memory is harmless with one thread, but reviewed plugins may not use it (static-scan.ts).
delete g.SharedArrayBuffer;
delete g.Atomics;

// The invocation's fixed clock: hooks have no time of their own, and replays must see the same time.
var fixedNow = 0;
function Date() {
  if (new.target === undefined) return new RealDate(fixedNow).toString();
  return construct(RealDate, arguments.length === 0 ? [fixedNow] : Array.prototype.slice.call(arguments), new.target);
}
Date.prototype = RealDate.prototype;
defineProperty(RealDate.prototype, "constructor", { value: Date, writable: true, configurable: true, enumerable: false });
Date.now = function now() { return fixedNow; };
Date.parse = dateParse;
Date.UTC = dateUTC;
defineProperty(g, "Date", { value: Date, writable: true, configurable: true, enumerable: false });

// Seeded per invocation, so that every replay round of one invocation draws the same numbers.
var seed = 1;
Math.random = function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  var t = imul(seed ^ (seed >>> 15), seed | 1);
  t ^= t + imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

function show(value) {
  if (typeof value === "string") return value;
  if (value === null || typeof value !== "object") return String(value);
  if (value instanceof Error) return String(value.name) + ": " + String(value.message);
  try {
    var seen = [];
    var json = stringify(value, function (key, v) {
      if (typeof v === "bigint") return String(v);
      if (v !== null && typeof v === "object") {
        if (seen.indexOf(v) >= 0) return "[Circular]";
        seen.push(v);
      }
      return v;
    });
    return json === undefined ? String(value) : json;
  } catch (error) {
    return String(value);
  }
}
function logger(level) {
  return function () {
    var parts = [];
    for (var i = 0; i < arguments.length; i++) parts.push(show(arguments[i]));
    hostLog(level, clip(parts.join(" "), MAX_LINE));
  };
}
defineProperty(g, "console", {
  value: { log: logger("log"), info: logger("info"), debug: logger("debug"), warn: logger("warn"), error: logger("error") },
  writable: true, configurable: true, enumerable: false,
});

function describeError(error) {
  if (error !== null && typeof error === "object") {
    return {
      name: clip(String(error.name === undefined ? "Error" : error.name), 100),
      message: clip(String(error.message === undefined ? "" : error.message), MAX_MESSAGE),
      stack: typeof error.stack === "string" ? clip(error.stack, MAX_STACK) : "",
    };
  }
  return { name: "", message: clip(String(error), MAX_MESSAGE), stack: "" };
}
function isOutOfMemory(error) {
  return InternalErrorType !== undefined && error instanceof InternalErrorType && error.message === "out of memory";
}

// Reads: answered from the round's cache; misses are collected (capped just past the limit, so the
// host can tell the hook asked for too much).
var cache = null, misses = null, missKeys = null;
function miss(key, read) {
  if (hasOwn(missKeys, key) || misses.length > MAX_READS) return;
  missKeys[key] = true;
  misses.push(read);
}
function cached(key) {
  return cache !== null && hasOwn(cache, key);
}
function readRecord(object, id) {
  if (typeof object !== "string" || typeof id !== "string" || object.length > 200 || id.length > 200) {
    throw new TypeError("records.get(object: string ≤ 200, id: string ≤ 200)");
  }
  var key = stringify(["get", object, id]);
  if (cached(key)) return cache[key] === null ? null : parse(cache[key]);
  miss(key, { key: key, type: "get", object: object, id: id });
  return null;
}
function queryRecords(object, where, limit, offset) {
  if (typeof object !== "string" || object.length > 200) throw new TypeError("records.query(object: string ≤ 200, where: object, limit?: number, offset?: number)");
  if (where === undefined || where === null) where = {};
  if (typeof where !== "object" || isArray(where)) throw new TypeError("records.query(object: string, where: object, limit?: number)");
  var names = objectKeys(where).sort();
  if (names.length > ${QUERY_MAX_WHERE_FIELDS}) throw new TypeError("records.query: where names at most ${QUERY_MAX_WHERE_FIELDS} fields");
  var pairs = [], clean = {};
  for (var i = 0; i < names.length; i++) {
    var value = where[names[i]];
    var scalar = value === null || typeof value === "number" || typeof value === "boolean" || (typeof value === "string" && value.length <= 1000);
    if (!scalar || names[i].length > 80) throw new TypeError("records.query: where." + names[i] + ": string ≤ 1000, number, boolean or null");
    pairs.push([names[i], value]);
    clean[names[i]] = value;
  }
  if (limit === undefined) limit = QUERY_DEFAULT;
  if (typeof limit !== "number" || !(limit >= 1) || floor(limit) !== limit) throw new TypeError("records.query: limit must be a positive integer");
  if (limit > QUERY_MAX) limit = QUERY_MAX;
  if (offset === undefined) offset = 0;
  if (typeof offset !== "number" || !(offset >= 0) || floor(offset) !== offset || offset > OFFSET_MAX) {
    throw new TypeError("records.query: offset must be an integer from 0 to " + OFFSET_MAX);
  }
  var key = stringify(["query", object, pairs, limit, offset]);
  if (cached(key)) return parse(cache[key]);
  miss(key, { key: key, type: "query", object: object, where: clean, limit: limit, offset: offset });
  return [];
}
var records = freeze({ get: readRecord, query: queryRecords });

function findHook(name) {
  var plugin = g.__qudaoPlugin;
  var hooks = plugin !== null && typeof plugin === "object" ? plugin.hooks : undefined;
  if (hooks === null || typeof hooks !== "object" || !hasOwn(hooks, name)) return undefined;
  return typeof hooks[name] === "function" ? hooks[name] : undefined;
}

function run(hookName, kind, contextJson, cacheJson, nowMillis, randomSeed) {
  fixedNow = nowMillis;
  seed = randomSeed | 0;
  cache = parse(cacheJson);
  misses = [];
  missKeys = {};
  try {
    var hook = findHook(hookName);
    if (hook === undefined) return '{"s":"missing_hook"}';
    var context = parse(contextJson);
    context.records = records;
    var value;
    try {
      value = hook(context);
    } catch (error) {
      if (misses.length > 0) return stringify({ s: "needs", r: misses });
      if (isOutOfMemory(error)) throw error;
      return stringify({ s: "threw", e: describeError(error) });
    }
    if (misses.length > 0) return stringify({ s: "needs", r: misses });
    if (value !== null && (typeof value === "object" || typeof value === "function") && typeof value.then === "function") return '{"s":"async"}';
    var json;
    try {
      json = stringify(value === undefined ? null : value);
    } catch (error) {
      if (isOutOfMemory(error)) throw error;
      return stringify({ s: "unserialisable", e: describeError(error) });
    }
    if (json === undefined) return '{"s":"unserialisable","e":null}';
    if (json.length > MAX_OUTPUT) return '{"s":"too_large"}';
    return '{"s":"ok","v":' + json + "}";
  } finally {
    cache = null;
    misses = null;
    missKeys = null;
  }
}
${options.testMode ? TEST_MODE_SOURCE : ""}
return { run: run${options.testMode ? ", listTests: listTests, runTest: runTest" : ""} };
})`;
}

/** Test sandboxes only: the bridge the SDK's `invoke` calls, fixture reads, and the test runner. */
const TEST_MODE_SOURCE = `
var testConfig = null;
function testError(code, hook) {
  var error = new Error(code);
  error.name = "QudaoTestError";
  error.code = code;
  error.hook = hook;
  return error;
}
function copy(value) { return value === undefined ? undefined : parse(stringify(value)); }
function fixtureReader(list) {
  var fixtures = isArray(list) ? copy(list) : [];
  return freeze({
    get: function get(object, id) {
      for (var i = 0; i < fixtures.length; i++) {
        if (fixtures[i] && fixtures[i].object === object && fixtures[i].id === id) return copy(fixtures[i]);
      }
      return null;
    },
    query: function query(object, where, limit, offset) {
      var names = where ? objectKeys(where) : [];
      var max = typeof limit === "number" && limit >= 1 ? Math.min(floor(limit), QUERY_MAX) : QUERY_DEFAULT;
      var skip = typeof offset === "number" && offset >= 0 ? floor(offset) : 0;
      var found = [];
      for (var i = 0; i < fixtures.length && found.length < max; i++) {
        var record = fixtures[i];
        if (!record || record.object !== object) continue;
        var match = true;
        for (var j = 0; j < names.length; j++) if (record[names[j]] !== where[names[j]]) match = false;
        if (!match) continue;
        if (skip > 0) { skip--; continue; }
        found.push(copy(record));
      }
      return found;
    },
  });
}
function testInvoke(hookName, partial, options) {
  var declared = testConfig !== null && hasOwn(testConfig.hooks, hookName) ? testConfig.hooks[hookName] : undefined;
  if (declared === undefined) throw testError("unknown_hook", hookName);
  var hook = findHook(hookName);
  if (hook === undefined) throw testError("missing_hook", hookName);
  var context = copy(declared.context);
  var overrides = partial !== null && typeof partial === "object" ? copy(partial) : {};
  var keys = objectKeys(overrides);
  for (var i = 0; i < keys.length; i++) {
    var key = keys[i], value = overrides[key];
    var nested = (key === "actor" || key === "event") && value !== null && typeof value === "object" && context[key] !== null && typeof context[key] === "object";
    if (nested) {
      var inner = objectKeys(value);
      for (var j = 0; j < inner.length; j++) context[key][inner[j]] = value[inner[j]];
    } else {
      context[key] = value;
    }
  }
  context.records = fixtureReader(options && options.records);
  var savedNow = fixedNow;
  var now = dateParse(context.now);
  if (now === now) fixedNow = now;
  try {
    var value = hook(context);
    if (value === undefined || value === null) return declared.kind === "compute" ? {} : declared.kind === "report" ? { rows: [] } : [];
    return value;
  } finally {
    fixedNow = savedNow;
  }
}
defineProperty(g, "__qudaoTestHost", { value: freeze({ invoke: testInvoke }), writable: false, configurable: false, enumerable: false });

function testList() {
  var tests = g.__qudaoTests;
  return isArray(tests) ? tests : [];
}
function listTests() {
  var tests = testList(), names = [];
  for (var i = 0; i < tests.length; i++) names.push(String(tests[i] && tests[i].name));
  return stringify(names);
}
function runTest(index, configJson, nowMillis, randomSeed) {
  fixedNow = nowMillis;
  seed = randomSeed | 0;
  testConfig = parse(configJson);
  try {
    var test = testList()[index];
    if (!test || typeof test.run !== "function") throw testError("missing_test", String(index));
    test.run();
    return '{"s":"passed"}';
  } catch (error) {
    if (isOutOfMemory(error)) throw error;
    var failure = { s: "failed", e: describeError(error) };
    if (error !== null && typeof error === "object") {
      if (error.name === "ExpectationError") {
        failure.assertion = { matcher: String(error.matcher), expected: String(error.expected), received: String(error.received), negated: error.negated === true };
      } else if (error.name === "QudaoTestError") {
        failure.code = String(error.code);
        failure.hook = String(error.hook);
      }
    }
    return stringify(failure);
  } finally {
    testConfig = null;
  }
}
`;

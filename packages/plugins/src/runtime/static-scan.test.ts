import { describe, expect, it } from "vitest";
import { scanHooksBundle } from "./static-scan.ts";

const codes = (source: string) => scanHooksBundle(source).map((f) => `${f.code}:${f.name}`);

describe("scanHooksBundle: what it reports", () => {
  it.each([
    ["eval call", `eval("1 + 1")`, ["eval:eval"]],
    ["indirect eval", `(0, eval)("x")`, ["eval:eval"]],
    ["eval through the global object", `globalThis.eval("x")`, ["eval:eval"]],
    ["eval as a computed key of the global object", `self["eval"]("x")`, ["eval:eval"]],
    ["eval spelled with a unicode escape", `\\u0065val("x")`, ["eval:eval"]],
    ["eval inside a template substitution", "const s = `a${eval('1')}b`;", ["eval:eval"]],
    ["new Function", `new Function("return this")()`, ["function_constructor:Function"]],
    ["constructor of a constructor", `[].constructor.constructor("return this")()`, ["function_constructor:constructor"]],
    ["constructor reached by string keys", `(() => 1)["constructor"]("return 1")`, ["function_constructor:constructor"]],
    ["dynamic import", `import("./x.js").then(() => 1)`, ["dynamic_import:import"]],
    ["static import", `import fs from "node:fs";`, ["module_syntax:import"]],
    ["export", `export const x = 1;`, ["module_syntax:export"]],
    ["require", `const fs = require("fs");`, ["require:require"]],
    ["process", `if (process.env.X) {}`, ["node_global:process"]],
    ["typeof process", `const node = typeof process !== "undefined";`, ["node_global:process"]],
    ["shorthand property holding a global", `const o = { process };`, ["node_global:process"]],
    ["Buffer", `Buffer.from("x")`, ["node_global:Buffer"]],
    ["WebAssembly", `WebAssembly.compile(bytes)`, ["webassembly:WebAssembly"]],
    ["fetch", `fetch("https://example.com")`, ["network:fetch"]],
    ["XMLHttpRequest", `new XMLHttpRequest()`, ["network:XMLHttpRequest"]],
    ["WebSocket", `new WebSocket("wss://x")`, ["network:WebSocket"]],
    ["Atomics and SharedArrayBuffer", `Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)`, ["shared_memory:Atomics", "shared_memory:SharedArrayBuffer"]],
    ["setTimeout", `setTimeout(() => 1, 10)`, ["timers:setTimeout"]],
    ["__proto__ assignment", `obj.__proto__ = evil;`, ["prototype_tampering:__proto__"]],
    ["__proto__ by string key", `obj["__proto__"] = evil;`, ["prototype_tampering:__proto__"]],
    ["setPrototypeOf", `Object.setPrototypeOf(Array.prototype, evil)`, ["prototype_tampering:setPrototypeOf"]],
    ["host internals", `globalThis.__qudaoRun = () => 1;`, ["host_internals:__qudaoRun"]],
    ["eval in the alternate of a conditional", `const f = cond ? eval : other;`, ["eval:eval"]],
    ["eval after a regex that contains a quote", `const re = /"/; eval("1") // "`, ["eval:eval"]],
    ["eval after a regex that follows an if", `if (x) /"/.test(y); eval(1) // "`, ["eval:eval"]],
    ["eval called after a block, not a method", `if (a) {}\neval(x)\n{}`, ["eval:eval"]],
    ["a local variable named like a global", `const fetch = (x) => x; fetch(1);`, ["network:fetch", "network:fetch"]],
  ])("%s", (_name, source, expected) => {
    expect(codes(source)).toEqual(expected);
  });

  it("gives the line, column and the source line of each finding", () => {
    const source = `const a = 1;\n  // fine\n  const b = fetch("/x");\n`;
    expect(scanHooksBundle(source)).toEqual([{ code: "network", name: "fetch", line: 3, column: 13, snippet: `const b = fetch("/x");` }]);
  });

  it("reports code that does not parse as a syntax error, with its position", () => {
    const [finding] = scanHooksBundle(`const a = 1;\nconst b = ;`);
    expect(finding).toMatchObject({ code: "syntax_error", line: 2, column: 11 });
  });
});

describe("scanHooksBundle: what it leaves alone", () => {
  it.each([
    ["the word in a string", `const msg = "do not eval this; process it; fetch it";`],
    ["the word in a single-quoted string", `log('require')`],
    ["the word in a template text", "const s = `eval ${x} process`;"],
    ["the word in a line comment", `// eval(x) and process.exit()\nconst a = 1;`],
    ["the word in a block comment", `/* fetch("/x"); require("y") */ const a = 1;`],
    ["the word in a regular expression", `const re = /eval|process|fetch/g;`],
    ["a property access", `obj.process(); obj.fetch; a?.eval; x.require`],
    ["a string key of an ordinary object", `obj["process"]; obj["fetch"]()`],
    ["an object literal key", `const o = { process: 1, eval: 2, "fetch": 3 };`],
    ["a destructured property renamed", `const { process: p } = ctx;`],
    ["an object method", `const o = { eval() { return 1 }, fetch(x) { return x } };`],
    ["class methods and fields", `class A { process() {} static fetch() {} get eval() { return 1 } require = 1; }`],
    ["the SDK's own globals", `globalThis.__qudaoPlugin = def; (globalThis.__qudaoTests ??= []).push(t);`],
    ["division that looks like a regex start", `const half = total / 2; const r = (a) / b / c;`],
    ["an array of names", `const names = ["eval", "process"];`],
    ["a label-free conditional with a key-like name", `const x = a ? { fetch: 1 } : { eval: 2 };`],
    ["a private field", `class A { #process = 1; run() { return this.#process } }`],
    ["numbers with dots", `const a = 1..toString() + .5 + 0x1F + 1e3;`],
  ])("%s", (_name, source) => {
    expect(scanHooksBundle(source)).toEqual([]);
  });

  it("a bundle esbuild made from an ordinary plugin is clean", () => {
    const bundle = `"use strict";
(() => {
  // src/hooks.ts
  function definePlugin(definition) {
    globalThis.__qudaoPlugin = definition;
    return definition;
  }
  var hooks_default = definePlugin({
    hooks: {
      checkVisit: (ctx) => ctx.record.summary ? [] : [{ field: "summary", messageKey: "visit.summaryRequired" }],
      onVisit: (ctx) => [{ type: "createTask", title: \`Follow up \${ctx.event.payload.name}\`, dueAt: new Date(Date.parse(ctx.now) + 864e5).toISOString() }]
    }
  });
})();
`;
    expect(scanHooksBundle(bundle)).toEqual([]);
  });
});

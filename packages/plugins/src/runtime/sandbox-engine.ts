import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import baseVariant from "@jitl/quickjs-wasmfile-release-sync";
import { newQuickJSWASMModuleFromVariant, newVariant, type EmscriptenModuleLoaderOptions, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime } from "quickjs-emscripten-core";
import { LOAD_CPU_MILLIS, SANDBOX_MAX_STACK_BYTES, SANDBOX_MEMORY_BYTES } from "./limits.ts";
import { preludeSource } from "./prelude.ts";
import { threadCpuMicros } from "./thread-cpu.ts";

/**
 * One QuickJS engine: its own WebAssembly instance and memory (so nothing, not even the allocator,
 * is shared between tenants), one runtime with the memory and stack limits, one context holding the
 * prelude and the plugin's code. Calls into it are synchronous and metered on the thread's CPU clock.
 */

let compiledWasm: WebAssembly.Module | undefined;

/** The QuickJS WebAssembly module, compiled once per thread; every engine instantiates it afresh. */
export function quickjsWasmModule(): WebAssembly.Module {
  compiledWasm ??= new WebAssembly.Module(readFileSync(createRequire(import.meta.url).resolve("@jitl/quickjs-wasmfile-release-sync/wasm")));
  return compiledWasm;
}

const WASM_PAGE = 64 * 1024;
/**
 * Linear memory: the build's minimum (16 MiB, committed by the OS only as it is touched), growing to
 * at most twice the QuickJS heap limit (stack, static data, allocator overhead) as a second fence.
 */
const INITIAL_PAGES = (16 * 1024 * 1024) / WASM_PAGE;
const MAXIMUM_PAGES = (2 * SANDBOX_MEMORY_BYTES) / WASM_PAGE;

/**
 * Emscripten prints to the host's stderr when QuickJS aborts, which happens when a crashed engine is
 * torn down (the crash itself is already reported as `sandbox_crashed`); plugin code must not be able
 * to write to the host's output.
 */
const silentEmscripten: EmscriptenModuleLoaderOptions & { print(text: string): void; printErr(text: string): void } = {
  print: () => {},
  printErr: () => {},
};

export type LogLevel = "log" | "info" | "debug" | "warn" | "error";
export type ConsoleLine = { level: LogLevel; text: string };

/** Keeps the last `max` console lines of a call. */
export class LogSink {
  lines: ConsoleLine[] = [];
  dropped = 0;
  constructor(private readonly max: number) {}

  push(level: string, text: string): void {
    const line: ConsoleLine = { level: (["log", "info", "debug", "warn", "error"].includes(level) ? level : "log") as LogLevel, text };
    this.lines.push(line);
    if (this.lines.length > this.max) {
      this.lines.shift();
      this.dropped++;
    }
  }

  reset(): void {
    this.lines = [];
    this.dropped = 0;
  }
}

export type EngineCallResult =
  | { kind: "value"; text: string }
  /** An exception escaped the prelude (not an out-of-memory): the plugin broke something the prelude relies on. */
  | { kind: "error"; name: string; message: string; stack: string }
  | { kind: "interrupted" }
  | { kind: "out_of_memory" }
  /** The engine itself failed (WebAssembly trap, host stack exhausted): it must not be used again. */
  | { kind: "crashed"; detail: string };

export type EngineLoadFailure = Exclude<EngineCallResult, { kind: "value" }>;

type Entry = "run" | "listTests" | "runTest";

/**
 * One blank production engine made ahead of need (per thread), handed to the next cold start and
 * replaced right after. It has never run any code but the prelude, so giving it to whichever tenant
 * comes next shares nothing between tenants; it costs one idle instance (a few MB resident).
 */
let standby: Promise<{ engine: SandboxEngine } | { failure: EngineLoadFailure }> | null = null;

function refillStandby(): void {
  if (standby) return;
  const making = SandboxEngine.blank(false).catch((error: unknown): { failure: EngineLoadFailure } => ({ failure: { kind: "crashed", detail: String(error) } }));
  standby = making;
  void making.then((made) => {
    if ("failure" in made && standby === making) standby = null;
  });
}

type Meter = { armed: boolean; tripped: boolean; cpuStart: number; budget: number; nextCheckWall: number };

export class SandboxEngine {
  private readonly meter: Meter = { armed: false, tripped: false, cpuStart: 0, budget: 0, nextCheckWall: 0 };
  private sink: LogSink | null = null;
  private readonly entries = new Map<Entry, QuickJSHandle>();
  private disposed = false;

  private constructor(
    private readonly runtime: QuickJSRuntime,
    private readonly context: QuickJSContext,
  ) {
    runtime.setInterruptHandler(() => this.shouldInterrupt());
  }

  /**
   * An engine with the plugin's code (and, for test sandboxes, its tests) evaluated under the load CPU
   * budget. Production engines start from the standby blank engine when one is ready: the
   * instantiation then happened earlier, off this call's path. A failure leaves nothing behind.
   */
  static async create(code: { hooks: string; tests: string | null }, testMode: boolean): Promise<{ engine: SandboxEngine } | { failure: EngineLoadFailure }> {
    let blank: { engine: SandboxEngine } | { failure: EngineLoadFailure } | null = null;
    if (!testMode && standby) {
      const taken = standby;
      standby = null;
      blank = await taken;
      // A standby that could not be made is no fault of this plugin's: make one for it instead.
      if ("failure" in blank) blank = null;
    }
    blank ??= await SandboxEngine.blank(testMode);
    if (!testMode) setImmediate(refillStandby);
    if ("failure" in blank) return blank;
    const { engine } = blank;
    const failure = engine.evaluate(code, testMode);
    if (failure) {
      engine.dispose();
      return { failure };
    }
    return { engine };
  }

  /** A fresh instance, runtime and context with the prelude installed, and no plugin code yet. */
  static async blank(testMode: boolean): Promise<{ engine: SandboxEngine } | { failure: EngineLoadFailure }> {
    const module = await newQuickJSWASMModuleFromVariant(
      newVariant(baseVariant, {
        wasmModule: quickjsWasmModule(),
        wasmMemory: new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES }),
        emscriptenModule: silentEmscripten,
      }),
    );
    const runtime = module.newRuntime();
    runtime.setMemoryLimit(SANDBOX_MEMORY_BYTES);
    runtime.setMaxStackSize(SANDBOX_MAX_STACK_BYTES);
    const engine = new SandboxEngine(runtime, runtime.newContext());
    const failure = engine.installPrelude(testMode);
    if (failure) {
      engine.dispose();
      return { failure };
    }
    return { engine };
  }

  private installPrelude(testMode: boolean): EngineLoadFailure | null {
    const { context } = this;
    const hostLog = context.newFunction("hostLog", (level, text) => {
      this.sink?.push(context.getString(level), context.getString(text));
    });
    const budget = LOAD_CPU_MILLIS * 1000;
    const factory = this.metered(budget, () => context.evalCode(preludeSource({ testMode }), "qudao-prelude.js", { type: "global" }));
    if (factory.result.kind !== "value") {
      hostLog.dispose();
      return factory.result;
    }
    const api = this.metered(budget, () => context.callFunction(factory.handle!, context.undefined, hostLog));
    factory.handle!.dispose();
    hostLog.dispose();
    if (api.result.kind !== "value") return api.result;
    for (const entry of (testMode ? ["run", "listTests", "runTest"] : ["run"]) as Entry[]) this.entries.set(entry, context.getProp(api.handle!, entry));
    api.handle!.dispose();
    return null;
  }

  private evaluate(code: { hooks: string; tests: string | null }, testMode: boolean): EngineLoadFailure | null {
    const sources: Array<[string, string]> = [["hooks.js", code.hooks]];
    if (testMode && code.tests) sources.push(["tests.js", code.tests]);
    let used = 0;
    for (const [file, source] of sources) {
      const evaluated = this.metered(LOAD_CPU_MILLIS * 1000 - used, () => this.context.evalCode(source, file, { type: "global" }));
      used += evaluated.cpuMicros;
      evaluated.handle?.dispose();
      if (evaluated.result.kind !== "value") return evaluated.result;
    }
    return null;
  }

  /** Call a prelude entry point with string / number arguments; its answer is a string. */
  call(entry: Entry, args: Array<string | number>, budgetMicros: number, sink: LogSink | null): { result: EngineCallResult; cpuMicros: number } {
    const { context } = this;
    const fn = this.entries.get(entry);
    if (!fn || this.disposed) return { result: { kind: "crashed", detail: `no entry ${entry}` }, cpuMicros: 0 };
    const handles: QuickJSHandle[] = [];
    try {
      for (const arg of args) handles.push(typeof arg === "string" ? context.newString(arg) : context.newNumber(arg));
    } catch (error) {
      return { result: { kind: "crashed", detail: String(error) }, cpuMicros: 0 };
    }
    this.sink = sink;
    try {
      const called = this.metered(budgetMicros, () => context.callFunction(fn, context.undefined, handles));
      let result = called.result;
      if (result.kind === "value" && called.handle) {
        result = context.typeof(called.handle) === "string" ? { kind: "value", text: context.getString(called.handle) } : { kind: "crashed", detail: "non-string answer" };
      }
      called.handle?.dispose();
      return { result, cpuMicros: called.cpuMicros };
    } finally {
      this.sink = null;
      for (const handle of handles) if (handle.alive) handle.dispose();
    }
  }

  /** Run `body` with the CPU meter armed; classify what it returned or threw. */
  private metered(
    budgetMicros: number,
    body: () => { error?: QuickJSHandle; value?: QuickJSHandle },
  ): { result: EngineCallResult; handle?: QuickJSHandle; cpuMicros: number } {
    if (budgetMicros <= 0) return { result: { kind: "interrupted" }, cpuMicros: 0 };
    const meter = this.meter;
    const cpuStart = threadCpuMicros();
    meter.cpuStart = cpuStart;
    meter.budget = budgetMicros;
    meter.nextCheckWall = performance.now() + budgetMicros / 1000;
    meter.tripped = false;
    meter.armed = true;
    let outcome: { result: EngineCallResult; handle?: QuickJSHandle };
    try {
      const returned = body();
      if (returned.error) {
        outcome = { result: this.classifyError(returned.error) };
        returned.error.dispose();
      } else {
        outcome = { result: { kind: "value", text: "" }, handle: returned.value! };
      }
    } catch (error) {
      // Not a JavaScript exception inside QuickJS: a trap or the host's own stack running out.
      outcome = { result: meter.tripped ? { kind: "interrupted" } : { kind: "crashed", detail: String(error) } };
    } finally {
      meter.armed = false;
    }
    return { ...outcome, cpuMicros: Math.max(0, threadCpuMicros() - cpuStart) };
  }

  private classifyError(error: QuickJSHandle): EngineCallResult {
    if (this.meter.tripped) return { kind: "interrupted" };
    let dumped: unknown;
    try {
      dumped = this.context.dump(error);
    } catch {
      return { kind: "out_of_memory" };
    }
    // QuickJS throws nothing at all when it cannot even allocate the error object.
    if (dumped === null || dumped === undefined) return { kind: "out_of_memory" };
    const { name, message, stack } = (typeof dumped === "object" ? dumped : { message: String(dumped) }) as { name?: unknown; message?: unknown; stack?: unknown };
    if (name === "InternalError" && message === "out of memory") return { kind: "out_of_memory" };
    if (name === "InternalError" && message === "interrupted") return { kind: "interrupted" };
    return { kind: "error", name: String(name ?? ""), message: String(message ?? ""), stack: typeof stack === "string" ? stack : "" };
  }

  /**
   * Called by QuickJS every few thousand operations. Wall time is cheap to read and never less than
   * the thread's CPU time, so the CPU clock is read only once the wall clock says the budget could be
   * spent, and the next CPU read is put off by what remains of the budget.
   */
  private shouldInterrupt(): boolean {
    const meter = this.meter;
    if (!meter.armed) return false;
    if (meter.tripped) return true;
    const now = performance.now();
    if (now < meter.nextCheckWall) return false;
    const used = threadCpuMicros() - meter.cpuStart;
    if (used >= meter.budget) {
      meter.tripped = true;
      return true;
    }
    meter.nextCheckWall = now + (meter.budget - used) / 1000;
    return false;
  }

  get alive(): boolean {
    return !this.disposed;
  }

  /** Free the engine. After a limit failure QuickJS may refuse a clean teardown; the memory goes with the instance anyway. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const handle of this.entries.values()) {
      try {
        handle.dispose();
      } catch {
        // The instance is dropped whole below.
      }
    }
    this.entries.clear();
    try {
      this.context.dispose();
      this.runtime.dispose();
    } catch {
      // As above: leaked or corrupted state inside a discarded WebAssembly instance does not outlive it.
    }
  }
}

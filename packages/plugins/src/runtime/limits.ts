import { HOOK_KINDS, type HookKind } from "../sdk/manifest.ts";

/**
 * The sandbox's limits, one table for production and the local test harness (they share the code
 * path, so a limit a developer hits locally is the limit production enforces).
 *
 * CPU is the invoking thread's CPU time (thread-cpu.ts), summed over every replay round of one
 * invocation. validate/compute run before a save, in the user's request: 50 ms. event/schedule run
 * from the queue after commit: 2 s. commission hooks run in a statement run (a job): 2 s as well.
 * report hooks run when a user opens a report or a home widget: 2 s (the host caches nothing).
 */
export const HOOK_CPU_MILLIS: Readonly<Record<HookKind, number>> = {
  validate: 50,
  compute: 50,
  event: 2000,
  schedule: 2000,
  commission: 2000,
  report: 2000,
};

/** QuickJS heap of one sandbox (one per tenant and plugin): code, globals and the running invocation. */
export const SANDBOX_MEMORY_BYTES = 32 * 1024 * 1024;

/**
 * QuickJS stack limit. The interpreter recurses on the host thread's native stack too (about twice
 * the QuickJS figure): at 512 KiB Node's own stack ran out first here, which is not a clean error, so
 * 256 KiB (≈ 1 500 nested plain calls) leaves the host room to spare.
 */
export const SANDBOX_MAX_STACK_BYTES = 256 * 1024;

/** CPU allowed for evaluating the plugin's bundle (its top-level code) when a sandbox is built. */
export const LOAD_CPU_MILLIS = 1000;

/** Hooks re-run from the start after each batch of missing reads, at most this often (every kind reads). */
export const MAX_READ_ROUNDS = 8;

/** Distinct records.get / records.query calls one invocation may make. */
export const MAX_READS_PER_INVOCATION = 100;

export const QUERY_DEFAULT_LIMIT = 50;
export const QUERY_MAX_LIMIT = 200;
/** records.query's offset: paging deeper than this is a report's job to narrow with `where`. */
export const QUERY_MAX_OFFSET = 10_000;
/** Fields a records.query filter may name. */
export const QUERY_MAX_WHERE_FIELDS = 20;

/** A hook's return value, as JSON. */
export const MAX_OUTPUT_BYTES = 1024 * 1024;

/** Console lines kept per invocation (the last ones), and the length of each. */
export const MAX_LOG_LINES = 50;
export const MAX_LOG_LINE_CHARS = 1000;

/** Length kept of an error message and of its stack trace. */
export const MAX_ERROR_MESSAGE_CHARS = 1000;
export const MAX_ERROR_STACK_CHARS = 2000;

export type InvocationLimits = {
  cpuMicros: number;
  memoryBytes: number;
  maxStackBytes: number;
  maxReadRounds: number;
  maxReads: number;
  maxOutputBytes: number;
  maxLogLines: number;
};

/**
 * The hook kinds that read records (by replay, with the host's reader): all of them. validate and
 * compute read too (issue 7), within their 50 ms budget, which is what keeps a save fast.
 */
export function readsRecords(kind: HookKind): boolean {
  return (HOOK_KINDS as readonly string[]).includes(kind);
}

export function limitsFor(kind: HookKind): InvocationLimits {
  return {
    cpuMicros: HOOK_CPU_MILLIS[kind] * 1000,
    memoryBytes: SANDBOX_MEMORY_BYTES,
    maxStackBytes: SANDBOX_MAX_STACK_BYTES,
    maxReadRounds: readsRecords(kind) ? MAX_READ_ROUNDS : 1,
    maxReads: readsRecords(kind) ? MAX_READS_PER_INVOCATION : 0,
    maxOutputBytes: MAX_OUTPUT_BYTES,
    maxLogLines: MAX_LOG_LINES,
  };
}

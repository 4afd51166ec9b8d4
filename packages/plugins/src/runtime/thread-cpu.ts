import { openSync, readSync } from "node:fs";

/**
 * The CPU time of the calling thread, in microseconds: what sandbox limits are measured against.
 * Wall time would make a fail-closed validate hook time out merely because other processes keep the
 * (often shared) machine busy; a thread's CPU time only counts the time the hook actually ran.
 *
 * Linux: `/proc/thread-self/schedstat` is opened once per thread (the path resolves to the opening
 * thread, and every worker thread gets its own copy of this module) and its first field, nanoseconds
 * on CPU, is read with a positioned read (~5 µs). The kernel only folds the running thread's time
 * into that field at scheduler ticks (4 ms apart here), so each read first calls
 * `process.cpuUsage()`: its getrusage(RUSAGE_SELF) brings the calling thread's runtime up to date,
 * which makes the next read exact to the microsecond. Without that refresh the clock is still correct,
 * only coarser (one tick).
 *
 * Elsewhere (macOS developer laptops, containers without /proc) it falls back to wall time, which
 * can only make a limit stricter, never looser: a thread's CPU time never exceeds the wall time.
 */
export type ThreadCpuSource = "thread" | "wall";

type ClockState = { source: ThreadCpuSource; fd: number };

const SCHEDSTAT = "/proc/thread-self/schedstat";
const buffer = Buffer.alloc(64);
let state: ClockState | undefined;

function readSchedstatNanos(fd: number): number {
  process.cpuUsage();
  const length = readSync(fd, buffer, 0, buffer.length, 0);
  let nanos = 0;
  let digits = 0;
  for (let i = 0; i < length; i++) {
    const byte = buffer[i]!;
    if (byte < 48 || byte > 57) break;
    nanos = nanos * 10 + (byte - 48);
    digits++;
  }
  if (digits === 0) throw new Error(`${SCHEDSTAT}: no leading number`);
  return nanos;
}

function clock(): ClockState {
  if (state) return state;
  try {
    const fd = openSync(SCHEDSTAT, "r");
    readSchedstatNanos(fd);
    state = { source: "thread", fd };
  } catch {
    state = { source: "wall", fd: -1 };
  }
  return state;
}

/** Which clock `threadCpuMicros` reads on this thread. */
export function threadCpuSource(): ThreadCpuSource {
  return clock().source;
}

/** Microseconds this thread has spent on a CPU (or, without /proc, wall microseconds since start). */
export function threadCpuMicros(): number {
  const current = clock();
  if (current.source === "thread") return readSchedstatNanos(current.fd) / 1000;
  return performance.now() * 1000;
}

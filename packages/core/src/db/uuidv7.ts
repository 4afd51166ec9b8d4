/**
 * RFC 9562 UUID version 7 for an arbitrary instant. Prisma makes the ids of rows written through
 * it; this makes them for rows written in one SQL statement (`db/sql-writes.ts`), and for seeded and
 * benchmark rows that are backdated yet must still sort newest-first by id, which is how every list
 * in Qudao pages.
 *
 * Layout: 48-bit Unix ms | ver (4) | rand_a (12) | var (2) | rand_b (62).
 * rand_a is a counter within one millisecond (RFC 9562 §6.2 method 1), so ids made in sequence for
 * the same `at` also sort in creation order; rand_b stays random, so ids are unique regardless.
 */
const MAX_TIMESTAMP = 2 ** 48 - 1;
const COUNTER_MAX = 0xfff;

let lastMs = -1;
let counter = 0;

// The benchmark builds ids in bulk: draw randomness in blocks and format through a lookup table.
const POOL_IDS = 256;
const pool = new Uint8Array(16 * POOL_IDS);
let poolOffset = pool.length;
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

function randomBytes16(): Uint8Array {
  if (poolOffset >= pool.length) {
    globalThis.crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  const bytes = pool.slice(poolOffset, poolOffset + 16);
  poolOffset += 16;
  return bytes;
}

function nextCounter(ms: number, seed: number): number {
  if (ms === lastMs && counter < COUNTER_MAX) {
    counter += 1;
  } else {
    // Start in the lower half so a burst within one millisecond has room to count up.
    counter = seed & 0x7ff;
  }
  lastMs = ms;
  return counter;
}

export function uuidv7(at: Date = new Date()): string {
  const ms = at.getTime();
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_TIMESTAMP) {
    throw new RangeError(`uuidv7: timestamp out of range: ${String(at)}`);
  }
  const bytes = randomBytes16();
  const randA = nextCounter(ms, (bytes[6]! << 8) | bytes[7]!);

  // 48-bit big-endian timestamp; split because bitwise operators work on 32 bits.
  const high = Math.floor(ms / 2 ** 32);
  const low = ms >>> 0;
  bytes[0] = (high >>> 8) & 0xff;
  bytes[1] = high & 0xff;
  bytes[2] = (low >>> 24) & 0xff;
  bytes[3] = (low >>> 16) & 0xff;
  bytes[4] = (low >>> 8) & 0xff;
  bytes[5] = low & 0xff;
  bytes[6] = 0x70 | ((randA >>> 8) & 0x0f);
  bytes[7] = randA & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);

  const h = (i: number) => HEX[bytes[i]!]!;
  return (
    h(0) + h(1) + h(2) + h(3) + "-" + h(4) + h(5) + "-" + h(6) + h(7) + "-" + h(8) + h(9) + "-" +
    h(10) + h(11) + h(12) + h(13) + h(14) + h(15)
  );
}

/** The instant encoded in a UUID v7 (its first 48 bits). */
export function uuidv7Timestamp(id: string): Date {
  const hex = id.replace(/-/g, "").slice(0, 12);
  if (!/^[0-9a-f]{12}$/i.test(hex)) throw new RangeError(`uuidv7Timestamp: not a uuid: ${id}`);
  return new Date(Number.parseInt(hex, 16));
}

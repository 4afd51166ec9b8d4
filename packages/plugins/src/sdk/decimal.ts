/**
 * Exact decimal arithmetic for plugin code (ADR 025). QuickJS has no Decimal and a JS number is a
 * binary float (0.1 + 0.2 !== 0.3), so money in a hook is a decimal string and is computed here, on
 * BigInt: a value is `units / 10^scale`, every sum, difference and product is exact, and the only
 * rounding is the one you ask for (`round`, `divide`, `toString(value, places)`).
 *
 * Plugin code imports it from the SDK: `import { decimal } from "@qudao/plugins/sdk"`, then
 * `decimal.toString(decimal.mul(base, rate), 2)`. Every function takes decimal strings ("123.45",
 * "-0.5"), values it returned, bigints, or safe integers; any other number is refused, because it
 * may already be wrong.
 *
 * Rounding: `halfUp` rounds a tie away from zero (2.345 → 2.35, −2.345 → −2.35: commercial rounding,
 * the default); `halfEven` rounds a tie to the even neighbour (2.345 → 2.34, 2.355 → 2.36), which is
 * what the host uses for its own commission lines. Either is accepted for a line's amount.
 *
 * Runs in the sandbox: no Node, no imports, nothing but BigInt.
 */

/** value = units / 10^scale (scale ≥ 0). Plain and immutable; pass it back to these functions. */
export type Decimal = { readonly units: bigint; readonly scale: number };
export type DecimalInput = Decimal | string | bigint | number;
export type RoundingMode = "halfUp" | "halfEven";

const TEXT = /^(-)?(\d+)(?:\.(\d+))?$/;
/** Places a parsed value may have: far beyond money, short of anything that could exhaust memory. */
const MAX_SCALE = 60;

function make(units: bigint, scale: number): Decimal {
  return Object.freeze({ units, scale });
}

function pow10(n: number): bigint {
  return BigInt(10) ** BigInt(n);
}

/** Whether `text` is a decimal string this helper reads ("12", "-0.50"; no exponent, no "+", no grouping). */
export function isDecimalText(text: unknown): text is string {
  return typeof text === "string" && TEXT.test(text) && (text.split(".")[1] ?? "").length <= MAX_SCALE;
}

/** Reads a decimal string; throws a TypeError naming the text when it is not one. */
export function parse(text: string): Decimal {
  const match = typeof text === "string" ? TEXT.exec(text) : null;
  if (!match) throw new TypeError(`decimal: not a decimal string: ${JSON.stringify(text)}`);
  const fraction = match[3] ?? "";
  if (fraction.length > MAX_SCALE) throw new RangeError(`decimal: more than ${MAX_SCALE} places: ${text}`);
  const units = BigInt(`${match[2]}${fraction}`);
  return make(match[1] ? -units : units, fraction.length);
}

/** Any accepted input as a Decimal. */
export function from(value: DecimalInput): Decimal {
  if (typeof value === "string") return parse(value);
  if (typeof value === "bigint") return make(value, 0);
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new TypeError(`decimal: ${String(value)} is a JS number (a binary float); pass a decimal string`);
    return make(BigInt(value), 0);
  }
  if (value !== null && typeof value === "object" && typeof value.units === "bigint" && Number.isInteger(value.scale) && value.scale >= 0) return value;
  throw new TypeError(`decimal: not a decimal: ${String(value)}`);
}

/** Both at the larger scale. */
function aligned(a: Decimal, b: Decimal): [bigint, bigint, number] {
  if (a.scale === b.scale) return [a.units, b.units, a.scale];
  if (a.scale > b.scale) return [a.units, b.units * pow10(a.scale - b.scale), a.scale];
  return [a.units * pow10(b.scale - a.scale), b.units, b.scale];
}

export function add(a: DecimalInput, b: DecimalInput): Decimal {
  const [x, y, scale] = aligned(from(a), from(b));
  return make(x + y, scale);
}

export function sub(a: DecimalInput, b: DecimalInput): Decimal {
  const [x, y, scale] = aligned(from(a), from(b));
  return make(x - y, scale);
}

/** The exact product (its scale is the sum of both scales). */
export function mul(a: DecimalInput, b: DecimalInput): Decimal {
  const x = from(a);
  const y = from(b);
  return make(x.units * y.units, x.scale + y.scale);
}

/** The exact sum of a list ("0" for none). */
export function sum(values: Iterable<DecimalInput>): Decimal {
  let total = make(BigInt(0), 0);
  for (const value of values) total = add(total, value);
  return total;
}

export function neg(a: DecimalInput): Decimal {
  const x = from(a);
  return make(-x.units, x.scale);
}

export function abs(a: DecimalInput): Decimal {
  const x = from(a);
  return x.units < BigInt(0) ? make(-x.units, x.scale) : x;
}

/** −1, 0 or 1 as a < b, a = b, a > b ("1.50" equals "1.5"). */
export function compare(a: DecimalInput, b: DecimalInput): -1 | 0 | 1 {
  const [x, y] = aligned(from(a), from(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isZero(a: DecimalInput): boolean {
  return from(a).units === BigInt(0);
}

/** −1, 0 or 1. */
export function sign(a: DecimalInput): -1 | 0 | 1 {
  const units = from(a).units;
  return units < BigInt(0) ? -1 : units > BigInt(0) ? 1 : 0;
}

/** numerator / denominator (denominator > 0) to an integer, the tie broken by `mode`. */
function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  const zero = BigInt(0);
  const negative = numerator < zero;
  const n = negative ? -numerator : numerator;
  let quotient = n / denominator;
  const twice = (n % denominator) * BigInt(2);
  if (twice > denominator || (twice === denominator && (mode === "halfUp" || quotient % BigInt(2) === BigInt(1)))) quotient += BigInt(1);
  return negative ? -quotient : quotient;
}

function checkPlaces(places: number): void {
  if (!Number.isInteger(places) || places < 0 || places > MAX_SCALE) throw new RangeError(`decimal: places must be an integer from 0 to ${MAX_SCALE}`);
}

/** Rounded to `places` (half-up by default: a tie goes away from zero). The result has exactly that scale. */
export function round(a: DecimalInput, places: number, mode: RoundingMode = "halfUp"): Decimal {
  checkPlaces(places);
  const x = from(a);
  if (x.scale <= places) return make(x.units * pow10(places - x.scale), places);
  return make(divideRounded(x.units, pow10(x.scale - places), mode), places);
}

/** `round(a, places, "halfUp")`. */
export function roundHalfUp(a: DecimalInput, places: number): Decimal {
  return round(a, places, "halfUp");
}

/** `round(a, places, "halfEven")`: the host's own rounding of commission lines. */
export function roundHalfEven(a: DecimalInput, places: number): Decimal {
  return round(a, places, "halfEven");
}

/** a / b rounded to `places` (a quotient is rarely exact, so the places are required). Throws on b = 0. */
export function divide(a: DecimalInput, b: DecimalInput, places: number, mode: RoundingMode = "halfUp"): Decimal {
  checkPlaces(places);
  const x = from(a);
  const y = from(b);
  if (y.units === BigInt(0)) throw new RangeError("decimal: division by zero");
  // (x.u / 10^xs) / (y.u / 10^ys) × 10^places = x.u × 10^(ys + places) / (y.u × 10^xs)
  let numerator = x.units * pow10(y.scale + places);
  let denominator = y.units * pow10(x.scale);
  if (denominator < BigInt(0)) {
    numerator = -numerator;
    denominator = -denominator;
  }
  return make(divideRounded(numerator, denominator, mode), places);
}

/**
 * As text. With `places`: rounded half-up to that many places and always showing them
 * (`toString("2.5", 2)` is "2.50", what a line's amount needs). Without: exact, trailing zeros
 * dropped ("2.50" → "2.5", "3.00" → "3"). Never "-0".
 */
export function toString(a: DecimalInput, places?: number): string {
  let x = from(a);
  if (places !== undefined) {
    x = round(x, places);
  } else {
    let units = x.units;
    let scale = x.scale;
    while (scale > 0 && units % BigInt(10) === BigInt(0)) {
      units /= BigInt(10);
      scale -= 1;
    }
    x = make(units, scale);
  }
  const negative = x.units < BigInt(0);
  const digits = (negative ? -x.units : x.units).toString().padStart(x.scale + 1, "0");
  const whole = digits.slice(0, digits.length - x.scale);
  const fraction = x.scale > 0 ? `.${digits.slice(digits.length - x.scale)}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/**
 * Money: the one place Qudao's rounding is stated (ARCHITECTURE invariant 3) — order lines and
 * totals, refunds, commission lines.
 *
 * decimal.js rounds every multiplication and division to `precision` significant digits (20 by
 * default). quantity × unitPrice × rate on a large order needs more than 20 digits, so a hidden
 * intermediate rounding could move a line by a cent. Money arithmetic therefore runs on a
 * private Decimal constructor with 60 significant digits: products of money and rates are exact,
 * and the only rounding that changes an amount is the explicit half-even to the cent below.
 * Its instances are ordinary `Decimal`s to callers (same type, `instanceof Decimal` holds).
 */
import Decimal from "decimal.js";

export const CommissionDecimal = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });

/** What the engine accepts for an amount, a quantity or a rate: a Decimal or a decimal string, never a JS number. */
export type DecimalInput = Decimal | string;

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/**
 * Reads an amount into the engine's precision. A string must be a plain decimal ("123.45", "-0.5"):
 * no exponent, no separators. Anything else is a caller bug (input is validated at the edge), so it throws.
 */
export function toDecimal(value: DecimalInput): Decimal {
  if (typeof value === "string" && !DECIMAL_TEXT.test(value)) throw new TypeError(`money: not a decimal string: ${JSON.stringify(value)}`);
  return new CommissionDecimal(value);
}

/** Half-even ("banker's") rounding, to the cent by default: 0.125 → 0.12, 0.135 → 0.14, −0.125 → −0.12. */
export function roundHalfEven(value: DecimalInput, places = 2): Decimal {
  const rounded = toDecimal(value).toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN);
  // A negative amount that rounds to nothing is zero, not "-0.00".
  return rounded.isZero() ? new CommissionDecimal(0) : rounded;
}

/** The canonical money string, "123.45" / "-12.30": rounded half-even to the cent, two places, no grouping (API.md). */
export function formatMoney(value: DecimalInput): string {
  return roundHalfEven(value, 2).toFixed(2);
}

/**
 * An exact decimal as text, never in exponent form, with at least two places: a base such as
 * 2.5 kg × 10.01 = "25.025" is shown as it is, unrounded, so base × rate can be checked by hand.
 */
export function formatExact(value: DecimalInput): string {
  const decimal = toDecimal(value);
  if (decimal.isZero()) return "0.00";
  return decimal.decimalPlaces() < 2 ? decimal.toFixed(2) : decimal.toFixed();
}

/** A rate as text without trailing zeros or exponent ("0.05", "0.000001", "1"). */
export function formatRate(value: DecimalInput): string {
  return toDecimal(value).toFixed();
}

/** The exact sum (no rounding). */
export function sumDecimals(values: Iterable<DecimalInput>): Decimal {
  let total: Decimal = new CommissionDecimal(0);
  for (const value of values) total = total.add(toDecimal(value));
  return total;
}

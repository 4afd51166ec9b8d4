/**
 * Plugin reports (issue 7, `contributes.reports`): what the host accepts from a `report` hook and
 * who may run a report. Pure. The sandbox already checked the output's shape (rows of JSON scalars,
 * at most 2 000); here every cell is judged against the column the manifest declares, so the apps can
 * format it without guessing: money and decimals are exact decimal strings (never JS numbers),
 * percentages are ratios, dates are ISO text, a linked cell is a record id.
 */
import type { ReportColumnType } from "@qudao/plugins/manifest";

export type ReportCell = string | number | boolean | null;
export type ReportRow = Record<string, ReportCell>;
export type ReportColumnRule = { key: string; type: ReportColumnType; link?: string | undefined };

const DECIMAL = /^-?\d{1,20}(\.\d{1,20})?$/;
const MONEY = /^-?\d{1,18}(\.\d{1,2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether one cell fits its column (null fits every column). */
export function cellFits(column: ReportColumnRule, value: unknown): boolean {
  if (value === null) return true;
  if (column.link) return typeof value === "string" && UUID.test(value);
  switch (column.type) {
    case "text":
      return typeof value === "string";
    case "integer":
      return typeof value === "number" && Number.isSafeInteger(value);
    case "decimal":
      return typeof value === "string" && DECIMAL.test(value);
    case "money":
      return typeof value === "string" && MONEY.test(value);
    case "percent":
      return (typeof value === "string" && DECIMAL.test(value)) || (typeof value === "number" && Number.isFinite(value));
    case "date":
      return typeof value === "string" && DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
    case "datetime":
      return typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
    case "boolean":
      return typeof value === "boolean";
  }
}

export type OutputProblem = { place: "row" | "totals"; index: number; key: string; problem: "unknown_column" | "cell_type" };

export type CheckedOutput = { ok: true; rows: ReportRow[]; totals: ReportRow | null } | { ok: false; problem: OutputProblem };

/**
 * The rows (and totals) as the apps get them: every declared column present (null where the hook left
 * a key out), in column order. Refused at the first key that is not a column or a cell that does not
 * fit its column — a report is shown whole or not at all.
 */
export function checkReportOutput(columns: readonly ReportColumnRule[], output: { rows: ReadonlyArray<Record<string, unknown>>; totals?: Record<string, unknown> | undefined }): CheckedOutput {
  const byKey = new Map(columns.map((c) => [c.key, c]));
  const judge = (row: Record<string, unknown>, place: OutputProblem["place"], index: number): { row: ReportRow } | { problem: OutputProblem } => {
    for (const [key, value] of Object.entries(row)) {
      const column = byKey.get(key);
      if (!column) return { problem: { place, index, key, problem: "unknown_column" } };
      if (!cellFits(column, value)) return { problem: { place, index, key, problem: "cell_type" } };
    }
    return { row: Object.fromEntries(columns.map((c) => [c.key, (row[c.key] ?? null) as ReportCell])) };
  };
  const rows: ReportRow[] = [];
  for (const [index, row] of output.rows.entries()) {
    const judged = judge(row, "row", index);
    if ("problem" in judged) return { ok: false, problem: judged.problem };
    rows.push(judged.row);
  }
  let totals: ReportRow | null = null;
  if (output.totals) {
    const judged = judge(output.totals, "totals", 0);
    if ("problem" in judged) return { ok: false, problem: judged.problem };
    totals = judged.row;
  }
  return { ok: true, rows, totals };
}

/**
 * Who may run a report: it must be offered on the actor's surface; a partner user needs one of the
 * report's roles; platform staff always may (they look after every partner's data).
 */
export function mayRunReport(report: { surfaces: readonly string[]; roles: readonly string[] }, who: { surface: "platform" | "portal"; role: string | null }): boolean {
  if (!report.surfaces.includes(who.surface)) return false;
  return who.surface === "platform" || (who.role !== null && report.roles.includes(who.role));
}

/** "1234.5" → "1234.50": money always shows two places (the hook's string is exact; this only pads). */
export function moneyText(value: string): string {
  const [whole, fraction = ""] = value.split(".");
  return `${whole}.${fraction.padEnd(2, "0").slice(0, 2)}`;
}

/**
 * A ratio as percentage points, exactly: "0.875" → "87.5", 1 → "100". Decimal shifting on the digits,
 * so no binary rounding creeps in; at most `places` decimals (half-up on the digit string).
 */
export function percentPoints(value: string | number, places = 2): string {
  const text = typeof value === "number" ? numberText(value) : value;
  const negative = text.startsWith("-");
  const [whole = "0", fraction = ""] = (negative ? text.slice(1) : text).split(".");
  const shifted = `${whole}${fraction.padEnd(2, "0").slice(0, 2)}`;
  const rest = fraction.slice(2);
  const digits = `${shifted.replace(/^0+(?=\d)/, "")}${rest ? `.${rest}` : ""}`;
  const rounded = roundHalfUp(digits, places);
  return negative && /[1-9]/.test(rounded) ? `-${rounded}` : rounded;
}

function numberText(value: number): string {
  // Numbers from hooks are ratios like 0.5 or 1; toString is exact for what JSON carried.
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(12).replace(/0+$/, "").replace(/\.$/, "");
}

function roundHalfUp(text: string, places: number): string {
  const [whole = "0", fraction = ""] = text.split(".");
  if (fraction.length <= places) return fraction.replace(/0+$/, "") ? `${whole}.${fraction.replace(/0+$/, "")}` : whole;
  const kept = `${whole}${fraction.slice(0, places)}`;
  const up = Number(fraction[places]) >= 5;
  let digits = up ? addOne(kept) : kept;
  digits = digits.padStart(places + 1, "0");
  const intPart = digits.slice(0, digits.length - places).replace(/^0+(?=\d)/, "");
  const fracPart = digits.slice(digits.length - places).replace(/0+$/, "");
  return fracPart ? `${intPart}.${fracPart}` : intPart;
}

function addOne(digits: string): string {
  const out = digits.split("");
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] === "9") out[i] = "0";
    else {
      out[i] = String(Number(out[i]) + 1);
      return out.join("");
    }
  }
  return `1${out.join("")}`;
}

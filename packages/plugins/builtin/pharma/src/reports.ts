import { decimal, type RecordData, type ReportContext, type ReportOutput, type ReportValue } from "@qudao/plugins/sdk";
import { grams, normalizeHospitalName, similarity } from "./matching.ts";
import {
  CYCLE_PLAN,
  FLOW_ROW,
  HOSPITAL,
  PRODUCT,
  SAMPLE_ISSUE,
  SAMPLE_LOT,
  VISIT,
  addMonths,
  chinaToday,
  int,
  isDate,
  MONTH,
  monthRange,
  monthsOfPeriod,
  QUARTER,
  queryAll,
  ref,
  text,
} from "./common.ts";

type Row = Record<string, ReportValue>;
const MAX_ROWS = 2000;

function truncatedNote(rows: number): ReportOutput["notes"] {
  return rows >= MAX_ROWS ? [{ messageKey: "report.truncated", params: { rows: MAX_ROWS } }] : [];
}

/**
 * Sample reconciliation: per lot, its quantity against what the partner's reps issued (all time and in
 * the date range), what the viewer issued, and what remains; over-issued lots and expired lots with
 * stock left are flagged.
 */
export function sampleReconciliation(ctx: ReportContext): ReportOutput {
  const from = isDate(ctx.params.from) ? ctx.params.from : null;
  const to = isDate(ctx.params.to) ? ctx.params.to : null;
  const today = chinaToday(ctx.now);
  const lots = queryAll(ctx.records, SAMPLE_LOT, {});
  const issues = queryAll(ctx.records, SAMPLE_ISSUE, {}, { maxRows: 6000 });
  const byLot = new Map<string, { issued: number; inRange: number; mine: number; hcps: Set<string> }>();
  for (const issue of issues) {
    const lot = ref(issue.lot);
    if (!lot) continue;
    const entry = byLot.get(lot) ?? { issued: 0, inRange: 0, mine: 0, hcps: new Set<string>() };
    const quantity = int(issue.quantity);
    const on = text(issue.issuedOn);
    entry.issued += quantity;
    if ((!from || on >= from) && (!to || on <= to)) entry.inRange += quantity;
    if (ctx.actor.userId && issue.issuedBy === ctx.actor.userId) entry.mine += quantity;
    const hcp = ref(issue.hcp);
    if (hcp) entry.hcps.add(hcp);
    byLot.set(lot, entry);
  }
  const rows: Row[] = lots
    .map((lot) => {
      const entry = byLot.get(lot.id) ?? { issued: 0, inRange: 0, mine: 0, hcps: new Set<string>() };
      const quantity = int(lot.quantity);
      const remaining = quantity - entry.issued;
      const expiresOn = isDate(lot.expiresOn) ? lot.expiresOn : null;
      return {
        lot: lot.id,
        product: ref(lot.product),
        expiresOn,
        lotQuantity: quantity,
        issued: entry.issued,
        issuedInRange: entry.inRange,
        issuedByMe: entry.mine,
        remaining,
        doctors: entry.hcps.size,
        overIssued: remaining < 0,
        expiredWithStock: expiresOn !== null && expiresOn < today && remaining > 0,
      };
    })
    .sort((a, b) => String(a.expiresOn ?? "").localeCompare(String(b.expiresOn ?? "")))
    .slice(0, MAX_ROWS);
  const sum = (key: string) => rows.reduce((total, row) => total + (typeof row[key] === "number" ? (row[key] as number) : 0), 0);
  const notes: NonNullable<ReportOutput["notes"]> = [...(truncatedNote(rows.length) ?? [])];
  const over = rows.filter((r) => r.overIssued === true).length;
  if (over > 0) notes.push({ messageKey: "report.samples.overIssued", params: { lots: over } });
  return {
    rows,
    totals: { lotQuantity: sum("lotQuantity"), issued: sum("issued"), issuedInRange: sum("issuedInRange"), issuedByMe: sum("issuedByMe"), remaining: sum("remaining") },
    notes,
  };
}

/** The month range of a report's params: both given and valid, else the last three months up to this one. */
function monthsParam(ctx: ReportContext): string[] {
  const thisMonth = chinaToday(ctx.now).slice(0, 7);
  const to = MONTH.test(text(ctx.params.toMonth)) ? text(ctx.params.toMonth) : thisMonth;
  const from = MONTH.test(text(ctx.params.fromMonth)) ? text(ctx.params.fromMonth) : addMonths(to, -2);
  return monthRange(from, to, 24);
}

function matchedRows(ctx: ReportContext, months: string[]): RecordData[] {
  const rows: RecordData[] = [];
  for (const month of months) rows.push(...queryAll(ctx.records, FLOW_ROW, { matchStatus: "matched", month }, { maxRows: 2000, batch: 2 }));
  return rows;
}

/** Sell-through: matched sell-out rows per month, hospital and product. */
export function sellThrough(ctx: ReportContext): ReportOutput {
  const months = monthsParam(ctx);
  const groups = new Map<string, { month: string; hospital: string; product: string | null; quantity: string[]; amount: string[]; rows: number }>();
  for (const row of matchedRows(ctx, months)) {
    const hospital = ref(row.matchedHospital);
    if (!hospital) continue;
    const product = ref(row.matchedProduct);
    const key = `${text(row.month)}|${hospital}|${product ?? ""}`;
    const group = groups.get(key) ?? { month: text(row.month), hospital, product, quantity: [], amount: [], rows: 0 };
    if (decimal.isDecimalText(row.quantity)) group.quantity.push(row.quantity);
    if (decimal.isDecimalText(row.amount)) group.amount.push(row.amount);
    group.rows += 1;
    groups.set(key, group);
  }
  const rows: Row[] = [...groups.values()]
    .map((g) => ({ month: g.month, hospital: g.hospital, product: g.product, quantity: decimal.toString(decimal.sum(g.quantity)), amount: decimal.toString(decimal.sum(g.amount), 2), rows: g.rows }))
    .sort((a, b) => (a.month === b.month ? decimal.compare(b.amount, a.amount) : b.month.localeCompare(a.month)))
    .slice(0, MAX_ROWS);
  return {
    rows,
    totals: {
      quantity: decimal.toString(decimal.sum(rows.map((r) => String(r.quantity)))),
      amount: decimal.toString(decimal.sum(rows.map((r) => String(r.amount))), 2),
      rows: rows.reduce((n, r) => n + (r.rows as number), 0),
    },
    notes: [{ messageKey: "report.sellThrough.range", params: { from: months[0] ?? "", to: months[months.length - 1] ?? "" } }, ...(truncatedNote(rows.length) ?? [])],
  };
}

/**
 * Channel inventory per product: what the partner bought (its orders' items whose SKU is the product's
 * code, up to the month) minus what it sold to hospitals (matched sell-out rows up to the month).
 */
export function channelInventory(ctx: ReportContext): ReportOutput {
  const to = MONTH.test(text(ctx.params.toMonth)) ? text(ctx.params.toMonth) : chinaToday(ctx.now).slice(0, 7);
  const products = queryAll(ctx.records, PRODUCT, {});
  const orders = queryAll(ctx.records, "order", {}, { maxRows: 4000 });
  const flow = queryAll(ctx.records, FLOW_ROW, { matchStatus: "matched" }, { maxRows: 6000 });
  const sellIn = new Map<string, string[]>();
  let ordersWithItems = 0;
  for (const order of orders) {
    if (text(order.orderedAt).slice(0, 7) > to) continue;
    if (!Array.isArray(order.items)) continue;
    ordersWithItems += 1;
    for (const item of order.items as Array<Record<string, unknown>>) {
      const sku = text(item.sku).toLowerCase();
      if (sku && decimal.isDecimalText(item.quantity)) sellIn.set(sku, [...(sellIn.get(sku) ?? []), item.quantity]);
    }
  }
  const sellOut = new Map<string, { quantity: string[]; amount: string[] }>();
  for (const row of flow) {
    const product = ref(row.matchedProduct);
    if (!product || text(row.month) > to) continue;
    const entry = sellOut.get(product) ?? { quantity: [], amount: [] };
    if (decimal.isDecimalText(row.quantity)) entry.quantity.push(row.quantity);
    if (decimal.isDecimalText(row.amount)) entry.amount.push(row.amount);
    sellOut.set(product, entry);
  }
  const rows: Row[] = products
    .map((product) => {
      const code = text(product.code);
      const bought = decimal.sum(sellIn.get(code.toLowerCase()) ?? []);
      const sold = sellOut.get(product.id);
      const out = decimal.sum(sold?.quantity ?? []);
      return {
        product: product.id,
        code,
        sellIn: decimal.toString(bought),
        sellOut: decimal.toString(out),
        inventory: decimal.toString(decimal.sub(bought, out)),
        sellOutAmount: decimal.toString(decimal.sum(sold?.amount ?? []), 2),
      };
    })
    .filter((r) => !(r.sellIn === "0" && r.sellOut === "0"))
    .slice(0, MAX_ROWS);
  const notes: NonNullable<ReportOutput["notes"]> = [{ messageKey: "report.inventory.asOf", params: { month: to } }];
  if (orders.length > 0 && ordersWithItems === 0) notes.push({ messageKey: "report.inventory.noOrderItems" });
  const negative = rows.filter((r) => String(r.inventory).startsWith("-")).length;
  if (negative > 0) notes.push({ messageKey: "report.inventory.negative", params: { products: negative } });
  return {
    rows,
    totals: {
      sellIn: decimal.toString(decimal.sum(rows.map((r) => String(r.sellIn)))),
      sellOut: decimal.toString(decimal.sum(rows.map((r) => String(r.sellOut)))),
      inventory: decimal.toString(decimal.sum(rows.map((r) => String(r.inventory)))),
      sellOutAmount: decimal.toString(decimal.sum(rows.map((r) => String(r.sellOutAmount))), 2),
    },
    notes,
  };
}

/** Submitted visits that count towards a plan: not corrections (a correction replaces, it does not add). */
export function countsAsCall(visit: RecordData | Record<string, unknown>): boolean {
  return visit.submitted === true && ref(visit.corrects) === null;
}

/**
 * Cycle plan attainment for a period (default: this month; a month also shows the plans of its
 * quarter): planned calls per doctor and channel against submitted calls. On the portal a rep sees
 * the plans they made; admins and managers, and platform staff, see every plan.
 */
export function cycleAttainment(ctx: ReportContext): ReportOutput {
  const requested = text(ctx.params.period);
  const thisMonth = chinaToday(ctx.now).slice(0, 7);
  const period = MONTH.test(requested) || QUARTER.test(requested) ? requested : thisMonth;
  const periods = MONTH.test(period) ? [period, `${period.slice(0, 4)}-Q${Math.floor((Number(period.slice(5, 7)) - 1) / 3) + 1}`] : [period];
  const onlyMine = ctx.surface === "portal" && ctx.actor.role === "rep" && ctx.actor.userId !== null;
  const plans = periods.flatMap((p) => queryAll(ctx.records, CYCLE_PLAN, { period: p }, { batch: 1 })).filter((plan) => !onlyMine || plan.plannedBy === ctx.actor.userId);
  const months = [...new Set(plans.flatMap((plan) => monthsOfPeriod(text(plan.period))))];
  const calls = new Map<string, number>();
  for (const month of months) {
    for (const visit of queryAll(ctx.records, VISIT, { month, submitted: true }, { batch: 2 })) {
      if (!countsAsCall(visit)) continue;
      const key = `${month}|${ref(visit.hcp)}|${text(visit.channel)}`;
      calls.set(key, (calls.get(key) ?? 0) + 1);
    }
  }
  // One row per doctor and plan period: the plans of every channel together, calls on those channels.
  const byDoctor = new Map<string, { hcp: string | null; period: string; planned: number; actual: number }>();
  for (const plan of plans) {
    const key = `${ref(plan.hcp)}|${text(plan.period)}`;
    const entry = byDoctor.get(key) ?? { hcp: ref(plan.hcp), period: text(plan.period), planned: 0, actual: 0 };
    entry.planned += int(plan.plannedVisits);
    entry.actual += monthsOfPeriod(text(plan.period)).reduce((n, month) => n + (calls.get(`${month}|${ref(plan.hcp)}|${text(plan.channel)}`) ?? 0), 0);
    byDoctor.set(key, entry);
  }
  const rows: Row[] = [...byDoctor.values()]
    .map((e) => ({ hcp: e.hcp, period: e.period, planned: e.planned, actual: e.actual, attainment: e.planned > 0 ? decimal.toString(decimal.divide(e.actual, e.planned, 4)) : null }))
    .sort((a, b) => decimal.compare(a.attainment ?? "0", b.attainment ?? "0"))
    .slice(0, MAX_ROWS);
  const planned = rows.reduce((n, r) => n + (r.planned as number), 0);
  const actual = rows.reduce((n, r) => n + (r.actual as number), 0);
  return {
    rows,
    totals: { planned, actual, attainment: planned > 0 ? decimal.toString(decimal.divide(actual, planned, 4)) : null },
    notes: rows.length === 0 ? [{ messageKey: "report.cycle.noPlans", params: { period } }] : [],
  };
}

/**
 * The review queue of sell-out rows no hospital matched, newest first, each with the master hospital
 * whose cleansed name is most alike (when alike enough) as a suggestion.
 */
export function unmatchedFlow(ctx: ReportContext): ReportOutput {
  const rows = queryAll(ctx.records, FLOW_ROW, { matchStatus: "unmatched" }, { maxRows: 1000 });
  const hospitals = queryAll(ctx.records, HOSPITAL, {}).map((h) => ({ id: h.id, grams: grams(normalizeHospitalName(h.name)) }));
  const suggestions = new Map<string, string | null>();
  const out: Row[] = rows
    .sort((a, b) => text(b.saleDate).localeCompare(text(a.saleDate)))
    .map((row) => {
      const normalized = text(row.normalizedName) || normalizeHospitalName(row.hospitalName);
      if (!suggestions.has(normalized)) {
        const wanted = grams(normalized);
        let best: { id: string; score: number } | null = null;
        for (const hospital of hospitals) {
          const score = similarity(wanted, hospital.grams);
          if (score >= 0.5 && (!best || score > best.score)) best = { id: hospital.id, score };
        }
        suggestions.set(normalized, best?.id ?? null);
      }
      return {
        row: row.id,
        hospitalName: text(row.hospitalName),
        normalizedName: normalized,
        distributor: text(row.distributor),
        saleDate: isDate(row.saleDate) ? row.saleDate : null,
        amount: decimal.isDecimalText(row.amount) ? decimal.toString(row.amount, 2) : null,
        suggestion: suggestions.get(normalized) ?? null,
      };
    });
  return {
    rows: out,
    totals: { amount: decimal.toString(decimal.sum(out.map((r) => (typeof r.amount === "string" ? r.amount : "0"))), 2) },
    notes: [{ messageKey: out.length === 0 ? "report.unmatched.none" : "report.unmatched.howTo", params: { rows: out.length } }],
  };
}

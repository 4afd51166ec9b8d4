import { decimal, type CommissionContext, type CommissionLineOutput, type RecordData } from "@qudao/plugins/sdk";
import { FLOW_ROW, HOSPITAL, PRODUCT, addMonths, monthRange, normalizeRegion, queryAll, ref, text } from "./common.ts";

/** Whether a master hospital lies in a partner's territory: its own territory field, else its province or city. */
export function inTerritory(hospital: RecordData, territory: string): boolean {
  const wanted = normalizeRegion(territory);
  if (wanted === "") return false;
  const own = normalizeRegion(hospital.territory);
  if (own !== "") return own === wanted;
  return normalizeRegion(hospital.province) === wanted || normalizeRegion(hospital.city) === wanted;
}

/** The rule's product filter: product codes, comma-separated (any separator people type), lower case. */
function productCodes(param: unknown): Set<string> {
  return new Set(
    text(param)
      .split(/[,，、;；\s]+/)
      .map((c) => c.trim().toLowerCase())
      .filter((c) => c.length > 0),
  );
}

/**
 * `qudao_pharma__flowCredit`: credit a partner by distributor flow data instead of orders. For the
 * rule's window (a month, or the quarter the period closes), the partner's sell-out rows matched to a
 * master hospital in the partner's territory — optionally only for some product codes — are summed
 * per hospital and paid at `rate`: one earn line per hospital, its base the rows' amount, its amount
 * base × rate to the cent (half-up), its source the hospital. Unmatched and ignored rows earn nothing.
 */
export function flowCredit(ctx: CommissionContext): CommissionLineOutput[] {
  const territory = text(ctx.partner.territory);
  const rate = text(ctx.params.rate);
  if (territory === "" || !decimal.isDecimalText(rate)) return [];
  // The window ends with the statement's month: that month, or the quarter it closes. (Its instants are
  // the platform time zone's, so "2026-02-28T16:00Z" starts March in Shanghai: months come from the key.)
  const first = ctx.period.window === "quarter" ? addMonths(ctx.period.key, -2) : ctx.period.key;
  const months = monthRange(first, ctx.period.key, 3);
  const codes = productCodes(ctx.params.productCodes);

  const hospitals = new Map(queryAll(ctx.records, HOSPITAL, {}, { maxRows: 4000 }).map((h) => [h.id, h]));
  const products = codes.size > 0 ? new Map(queryAll(ctx.records, PRODUCT, {}).map((p) => [p.id, text(p.code).toLowerCase()])) : new Map<string, string>();
  const perHospital = new Map<string, { amounts: string[]; rows: number }>();
  for (const month of months) {
    for (const row of queryAll(ctx.records, FLOW_ROW, { matchStatus: "matched", month }, { maxRows: 4000, batch: 4 })) {
      const hospitalId = ref(row.matchedHospital);
      const hospital = hospitalId ? hospitals.get(hospitalId) : undefined;
      if (!hospital || !inTerritory(hospital, territory)) continue;
      if (codes.size > 0) {
        const product = ref(row.matchedProduct);
        if (!product || !codes.has(products.get(product) ?? "")) continue;
      }
      if (!decimal.isDecimalText(row.amount)) continue;
      const entry = perHospital.get(hospital.id) ?? { amounts: [], rows: 0 };
      entry.amounts.push(row.amount);
      entry.rows += 1;
      perHospital.set(hospital.id, entry);
    }
  }
  const lines: CommissionLineOutput[] = [];
  for (const [hospitalId, entry] of perHospital) {
    const base = decimal.sum(entry.amounts);
    if (decimal.sign(base) <= 0) continue;
    lines.push({
      kind: "earn",
      base: decimal.toString(base),
      rate,
      amount: decimal.toString(decimal.mul(base, rate), 2),
      sourceRef: { object: HOSPITAL, id: hospitalId },
      description: {
        messageKey: "commission.flowCredit",
        params: { hospital: text(hospitals.get(hospitalId)?.name), from: first, to: ctx.period.key, rows: entry.rows, amount: decimal.toString(base, 2) },
      },
    });
  }
  return lines.sort((a, b) => decimal.compare(b.base, a.base));
}

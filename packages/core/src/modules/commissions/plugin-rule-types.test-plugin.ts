/**
 * The hooks of the plugin plugin-rule-types.db.test.ts packs with `qudao-plugin pack` and installs:
 * the source of its `src/hooks.ts`, bundled with the SDK into the sandbox. Two commission rule types,
 * the two the industry plugins need, with money computed by the SDK's exact decimal helper:
 *
 * - `flowCredit` (pharma): credit by distributor flow data — the platform's (and the partner's own)
 *   sell-out records of the partner's territory for the month, each paid at the rule's `rate`.
 * - `tieredRebate` (manufacturing): a volume rebate per product line per quarter — the quarter's
 *   items of the product line, the highest break the volume reaches, its rate on the whole volume.
 *
 * The partner's territory doubles as the test's switch for failures: `THROW` makes the rebate throw,
 * `BAD-ORDER` names an order that was not an input, `BAD-SOURCE:<id>` a record the plugin cannot read,
 * `BAD-AMOUNT` gives the amount three places.
 */
import { decimal, definePlugin, type CommissionContext, type CommissionLineOutput } from "@qudao/plugins/sdk";

/** A line's order id that no partner's period ever holds. */
const FOREIGN_ORDER = "01930000-0000-7000-8000-00000000dead";

function selloutObject(pluginId: string): string {
  return `${pluginId.replace(/\./g, "_")}__sellout`;
}

function flowCredit(ctx: CommissionContext): CommissionLineOutput[] {
  const territory = ctx.partner.territory;
  if (!territory) return [];
  const object = selloutObject(ctx.pluginId);
  const rate = String(ctx.params.rate);
  return ctx.records.query(object, { territory, month: ctx.period.key }, 200).map((record) => {
    const base = String(record.amount);
    return {
      kind: "earn",
      base,
      rate,
      amount: decimal.toString(decimal.mul(base, rate), 2),
      sourceRef: { object, id: record.id },
      description: { messageKey: "line.flowCredit", params: { hospital: String(record.hospital), month: ctx.period.key, amount: decimal.toString(base, 2) } },
    };
  });
}

function tieredRebate(ctx: CommissionContext): CommissionLineOutput[] {
  const territory = ctx.partner.territory ?? "";
  if (territory === "THROW") throw new Error("no flow feed for this territory");
  const params = ctx.params as Record<string, string | null | undefined>;
  const productLine = String(params.productLine);
  const volume = decimal.sum(ctx.orders.flatMap((order) => order.items.filter((item) => item.category === productLine).map((item) => decimal.mul(item.quantity, item.unitPrice))));
  const breaks: Array<[string, string]> = [];
  for (const n of [1, 2, 3]) {
    const min = params[`tier${n}Min`];
    const rate = params[`tier${n}Rate`];
    if (min && rate) breaks.push([min, rate]);
  }
  let rate: string | null = null;
  for (const [min, breakRate] of breaks) if (decimal.compare(volume, min) >= 0) rate = breakRate;
  if (rate === null) return [];
  const line: CommissionLineOutput = {
    kind: "bonus",
    base: decimal.toString(volume),
    rate,
    amount: decimal.toString(decimal.mul(volume, rate), 2),
    description: { messageKey: "line.rebate", params: { productLine, volume: decimal.toString(volume, 2), from: ctx.period.windowStart.slice(0, 10) } },
  };
  if (territory === "BAD-ORDER") line.orderId = FOREIGN_ORDER;
  if (territory === "BAD-AMOUNT") line.amount = decimal.toString(decimal.mul(volume, rate), 3);
  if (territory.startsWith("BAD-SOURCE:")) line.sourceRef = { object: selloutObject(ctx.pluginId), id: territory.slice("BAD-SOURCE:".length) };
  return [line];
}

definePlugin({ hooks: { flowCredit, tieredRebate } });

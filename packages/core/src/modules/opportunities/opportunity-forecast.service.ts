/**
 * The weighted forecast: open opportunities by expected close month × their stage's probability, and
 * won amounts per month (in the platform's time zone). One SQL statement for the aggregates (run with
 * the caller's scope, ADR 010), the arithmetic in the table-tested buildForecast.
 */
import { requirePermission, type Actor } from "../../actor/index.ts";
import { env } from "../../env/index.ts";
import { forecastRows } from "./opportunities.repository.ts";
import { addMonths, buildForecast, monthIn } from "./opportunities.rules.ts";
import { ZForecastInput, type TForecast, type TForecastInput } from "./opportunities.schemas.ts";

export async function getForecast(actor: Actor, rawInput: TForecastInput, now = new Date()): Promise<TForecast> {
  requirePermission(actor, "opportunity:read");
  const input = ZForecastInput.parse(rawInput);
  const timeZone = env().PLATFORM_TIMEZONE;
  const fromMonth = input.fromMonth ?? monthIn(now, timeZone);
  const rows = await forecastRows({
    pipelineId: input.pipelineId,
    partnerId: input.partnerId,
    ownerId: input.ownerId,
    fromMonth,
    toMonthExclusive: addMonths(fromMonth, input.months),
    timeZone,
  });
  const open = rows.filter((r) => r.kind === "open").map((r) => ({ month: r.month, probability: r.probability ?? 0, count: r.count, amount: r.amount }));
  const won = rows.filter((r) => r.kind === "won" && r.month !== null).map((r) => ({ month: r.month!, count: r.count, amount: r.amount }));
  return { currency: "CNY", ...buildForecast(fromMonth, input.months, open, won) };
}

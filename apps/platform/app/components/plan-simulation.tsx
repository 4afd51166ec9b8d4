import { Form, useFetcher, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { TPlanSimulation } from "@qudao/core/schemas";
import { useMoney } from "@qudao/ui/money";
import { DateTime } from "~/components/date-time";
import type { loader as simulationLoader } from "~/routes/commission-plans.$planId.simulations.$runId";

/** A simulation as a loader sends it (dates as strings). */
type Simulation = Omit<TPlanSimulation, "createdAt" | "startedAt" | "finishedAt" | "planUpdatedAt"> & {
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  planUpdatedAt: string | null;
};
type Amounts = Simulation["partners"][number]["current"];

const finished = (status: Simulation["status"]) => status === "completed" || status === "failed";

function Amount({ amounts, field, signed = false }: { amounts: Amounts; field: string; signed?: boolean }) {
  const { t } = useTranslation();
  const money = useMoney();
  const breakdown = (["earn", "clawback", "bonus", "cap"] as const).map((kind) => `${t(`reconciliation.kind.${kind}`)} ${money(amounts[kind])}`).join(" · ");
  const sign = signed ? (amounts.total.startsWith("-") ? "negative" : amounts.total === "0.00" ? "" : "positive") : "";
  return (
    <td className={`num ${sign}`.trim()} data-field={field} title={breakdown}>
      {signed && !amounts.total.startsWith("-") && amounts.total !== "0.00" ? "+" : ""}
      {money(amounts.total)}
    </td>
  );
}

/** Progress while the run is queued or running (polled every second), then the comparison per partner. */
function SimulationResult({ planId, initial }: { planId: string; initial: Simulation }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<typeof simulationLoader>();
  const revalidator = useRevalidator();
  const simulation: Simulation = fetcher.data && fetcher.data.id === initial.id ? (fetcher.data as unknown as Simulation) : initial;
  const done = finished(simulation.status);
  const reloaded = useRef(finished(initial.status));
  useEffect(() => {
    if (done) {
      if (!reloaded.current && revalidator.state === "idle") {
        reloaded.current = true;
        revalidator.revalidate();
      }
      return;
    }
    if (fetcher.state !== "idle") return;
    const timer = setTimeout(() => fetcher.load(`/commission-plans/${planId}/simulations/${initial.id}`), 1000);
    return () => clearTimeout(timer);
  }, [done, fetcher, fetcher.state, fetcher.data, initial.id, planId, revalidator]);

  if (!done) {
    const percent = Math.min(100, simulation.progress.percent);
    return (
      <div className="sim-progress" data-simulation-id={simulation.id} data-status={simulation.status}>
        <progress max={100} value={percent} aria-label={t("reconciliation.simulation.progress")} />
        <div className="text" aria-live="polite">
          <span>{simulation.status === "queued" ? t("reconciliation.simulation.queued") : t("reconciliation.simulation.running", { done: simulation.progress.done, total: simulation.progress.total })}</span>
          <span>{percent}%</span>
        </div>
      </div>
    );
  }
  if (simulation.status === "failed") {
    return (
      <p className="form-error" role="alert" data-simulation-id={simulation.id}>
        {t("reconciliation.simulation.failed", { failure: simulation.failure ?? "" })}
      </p>
    );
  }
  return (
    <div data-simulation-id={simulation.id} data-status={simulation.status}>
      <p className="notice" role="status">
        {t("reconciliation.simulation.done", { period: simulation.period, count: simulation.partners.length })}
      </p>
      {simulation.planVersion !== null && simulation.planUpdatedAt ? (
        <p className="muted small">
          {t("reconciliation.simulation.planAsOf", { version: simulation.planVersion })} <DateTime value={simulation.planUpdatedAt} />
        </p>
      ) : null}
      {simulation.partners.length === 0 ? (
        <p className="empty">{t("reconciliation.simulation.noPartners")}</p>
      ) : (
        <div className="table-wrap">
          <table className="simulation" aria-label={t("reconciliation.simulation.title")}>
            <thead>
              <tr>
                <th scope="col">{t("reconciliation.simulation.partner")}</th>
                <th scope="col">{t("reconciliation.simulation.tier")}</th>
                <th scope="col" className="num">
                  {t("reconciliation.simulation.current")}
                </th>
                <th scope="col" className="num">
                  {t("reconciliation.simulation.simulated")}
                </th>
                <th scope="col" className="num">
                  {t("reconciliation.simulation.difference")}
                </th>
              </tr>
            </thead>
            <tbody>
              {simulation.partners.map((row) => (
                <tr key={row.partnerId} data-partner-id={row.partnerId}>
                  <th scope="row">
                    {row.partnerName}
                    {row.skippedSimulated > 0 || row.skippedCurrent > 0 ? (
                      <div className="muted small">{t("reconciliation.simulation.skipped", { count: Math.max(row.skippedCurrent, row.skippedSimulated) })}</div>
                    ) : null}
                  </th>
                  <td>{t(`common.partnerTier.${row.tier}`)}</td>
                  <Amount amounts={row.current} field="current" />
                  <Amount amounts={row.simulated} field="simulated" />
                  <Amount amounts={row.difference} field="difference" signed />
                </tr>
              ))}
            </tbody>
            {simulation.totals ? (
              <tfoot>
                <tr className="total" data-row="totals">
                  <th scope="row" colSpan={2}>
                    {t("reconciliation.simulation.totals")}
                  </th>
                  <Amount amounts={simulation.totals.current} field="current" />
                  <Amount amounts={simulation.totals.simulated} field="simulated" />
                  <Amount amounts={simulation.totals.difference} field="difference" signed />
                </tr>
              </tfoot>
            ) : null}
          </table>
        </div>
      )}
    </div>
  );
}

/**
 * The plan page's "模拟" section: run this version over a past (or the current) period and compare it
 * with the plan in force, partner by partner. The form posts `intent=simulate` to the plan page.
 */
export function PlanSimulationSection({
  planId,
  simulation,
  defaultPeriod,
  maxPeriod,
  error,
  busy,
}: {
  planId: string;
  simulation: Simulation | null;
  defaultPeriod: string;
  maxPeriod: string;
  error: { message: string; fields: Record<string, string> } | null;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const fieldError = error ? (error.fields.period ?? error.message) : null;
  return (
    <section className="card" aria-labelledby="plan-simulation" data-section="simulation">
      <h2 id="plan-simulation">{t("reconciliation.simulation.title")}</h2>
      <p className="muted">{t("reconciliation.simulation.intro")}</p>
      <Form method="post" className="toolbar">
        <label>
          {t("reconciliation.simulation.period")}
          <input
            type="month"
            name="period"
            required
            max={maxPeriod}
            defaultValue={simulation?.period ?? defaultPeriod}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? "simulation-period-error" : undefined}
          />
          {fieldError ? (
            <span className="field-error" id="simulation-period-error">
              {fieldError}
            </span>
          ) : null}
        </label>
        <button type="submit" name="intent" value="simulate" className="primary" disabled={busy}>
          {t("reconciliation.simulation.run")}
        </button>
      </Form>
      {simulation ? <SimulationResult key={simulation.id} planId={planId} initial={simulation} /> : null}
    </section>
  );
}

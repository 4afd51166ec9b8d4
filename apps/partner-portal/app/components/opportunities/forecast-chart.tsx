import { useId } from "react";
import { useTranslation } from "react-i18next";
import { useMoney, useMonthLabel } from "./format";

export type ForecastMonth = { month: string; openCount: number; openAmount: string; weightedAmount: string; wonCount: number; wonAmount: string };

const HEIGHT = 160;
const SLOT = 56;
const BAR = 18;
const LABEL = 22;

/**
 * Weighted forecast and won amount per month as a bar chart: plain SVG (no chart library), scaled to
 * the screen, described for screen readers, with the exact figures in a table next to it.
 */
export function ForecastChart({ months, showTable = true }: { months: ForecastMonth[]; showTable?: boolean }) {
  const { t } = useTranslation();
  const money = useMoney();
  const monthLabel = useMonthLabel();
  const titleId = useId();
  const descId = useId();
  // Bar heights only: the figures shown are the decimal strings themselves.
  const values = months.flatMap((m) => [Number(m.weightedAmount), Number(m.wonAmount)]);
  const max = Math.max(1, ...values);
  const width = months.length * SLOT;
  const bar = (value: string) => Math.round((Number(value) / max) * HEIGHT);
  return (
    <figure className="forecast-figure">
      <svg
        className="forecast-chart"
        viewBox={`0 0 ${width} ${HEIGHT + LABEL}`}
        role="img"
        aria-labelledby={titleId}
        aria-describedby={descId}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={titleId}>{t("opportunities.forecast.chartLabel", { count: months.length })}</title>
        <desc id={descId}>
          {months
            .map((m) => `${monthLabel(m.month)}: ${t("opportunities.forecast.weighted")} ${money(m.weightedAmount)}, ${t("opportunities.forecast.won")} ${money(m.wonAmount)}`)
            .join("; ")}
        </desc>
        <line x1={0} x2={width} y1={HEIGHT + 0.5} y2={HEIGHT + 0.5} className="forecast-axis" />
        {months.map((m, i) => {
          const x = i * SLOT + (SLOT - 2 * BAR - 4) / 2;
          const weighted = bar(m.weightedAmount);
          const won = bar(m.wonAmount);
          return (
            <g key={m.month} data-month={m.month}>
              <rect className="bar-weighted" x={x} y={HEIGHT - weighted} width={BAR} height={weighted} rx={2} />
              <rect className="bar-won" x={x + BAR + 4} y={HEIGHT - won} width={BAR} height={won} rx={2} />
              <text x={i * SLOT + SLOT / 2} y={HEIGHT + 16} textAnchor="middle" className="forecast-label">
                {m.month.slice(5)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="forecast-legend">
        <span className="legend-weighted">{t("opportunities.forecast.weighted")}</span>
        <span className="legend-won">{t("opportunities.forecast.won")}</span>
      </figcaption>
      {showTable ? (
        <table className="responsive-table forecast-table">
          <thead>
            <tr>
              <th scope="col">{t("opportunities.forecast.month")}</th>
              <th scope="col">{t("opportunities.forecast.openCount")}</th>
              <th scope="col">{t("opportunities.forecast.open")}</th>
              <th scope="col">{t("opportunities.forecast.weighted")}</th>
              <th scope="col">{t("opportunities.forecast.won")}</th>
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr key={m.month} data-month={m.month}>
                <td className="cell-title" data-label={t("opportunities.forecast.month")}>
                  {monthLabel(m.month)}
                </td>
                <td data-label={t("opportunities.forecast.openCount")}>{m.openCount}</td>
                <td data-label={t("opportunities.forecast.open")}>{money(m.openAmount)}</td>
                <td data-label={t("opportunities.forecast.weighted")} data-field="weighted">
                  {money(m.weightedAmount)}
                </td>
                <td data-label={t("opportunities.forecast.won")} data-field="won">
                  {money(m.wonAmount)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </figure>
  );
}

/**
 * Monthly earnings as a bar chart: one bar per period (a statement's total, none when there is no
 * statement), negative totals below the axis. Plain SVG, no chart library. Screen readers get the
 * chart's name and the same numbers as a table; each bar also has its own title.
 */
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { useMoney } from "./money.ts";

export type EarningsPoint = { period: string; total: string | null };

const BAR_SLOT = 48;
const BAR_WIDTH = 30;
const PLOT_HEIGHT = 160;
const LABEL_HEIGHT = 20;

/** Bar heights only: the labels show the exact strings, so the float never reaches a reader. */
const magnitude = (total: string | null): number => (total === null ? 0 : Number(total));

export function EarningsChart({ points, currency, caption }: { points: readonly EarningsPoint[]; currency: string; caption: string }) {
  const { t } = useTranslation();
  const money = useMoney();
  const titleId = useId();
  const values = points.map((p) => magnitude(p.total));
  const top = Math.max(0, ...values);
  const bottom = Math.min(0, ...values);
  const span = top - bottom || 1;
  const zeroY = (top / span) * PLOT_HEIGHT;
  const width = Math.max(points.length, 1) * BAR_SLOT;
  const label = (point: EarningsPoint) =>
    point.total === null ? t("statements.portal.chart.none", { period: point.period }) : t("statements.portal.chart.bar", { period: point.period, amount: money(point.total, currency) });
  return (
    <figure className="earnings-chart">
      <figcaption id={titleId}>{caption}</figcaption>
      <svg viewBox={`0 0 ${width} ${PLOT_HEIGHT + LABEL_HEIGHT}`} role="img" aria-labelledby={titleId} preserveAspectRatio="xMidYMid meet">
        <line x1={0} x2={width} y1={zeroY} y2={zeroY} className="axis" />
        {points.map((point, index) => {
          const value = values[index]!;
          const height = (Math.abs(value) / span) * PLOT_HEIGHT;
          const x = index * BAR_SLOT + (BAR_SLOT - BAR_WIDTH) / 2;
          return (
            <g key={point.period} data-period={point.period}>
              <title>{label(point)}</title>
              {point.total !== null ? <rect x={x} y={value >= 0 ? zeroY - height : zeroY} width={BAR_WIDTH} height={Math.max(height, 1)} className={value >= 0 ? "bar" : "bar negative"} /> : null}
              <text x={index * BAR_SLOT + BAR_SLOT / 2} y={PLOT_HEIGHT + LABEL_HEIGHT - 5} textAnchor="middle" className="period">
                {point.period.slice(2)}
              </text>
            </g>
          );
        })}
      </svg>
      <table className="chart-data">
        <caption>{caption}</caption>
        <tbody>
          {points.map((point) => (
            <tr key={point.period}>
              <th scope="row">{point.period}</th>
              <td>{point.total === null ? "—" : money(point.total, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** The deals about a customer (or opened from a lead), with their stage and amount, and a way to open one. */
import { Link } from "@remix-run/react";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { useMoney } from "./format";

export type RelatedOpportunity = { id: string; name: string; stageName: string; status: "open" | "won" | "lost"; amount: string };

export function RelatedOpportunities({ opportunities, newHref }: { opportunities: RelatedOpportunity[]; newHref: string | null }) {
  const { t } = useTranslation();
  const money = useMoney();
  const id = useId();
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id} className="card-title">
        {t("opportunities.related.title")}
      </h2>
      {opportunities.length === 0 ? (
        <p className="muted">{t("opportunities.related.empty")}</p>
      ) : (
        <ul className="task-list">
          {opportunities.map((o) => (
            <li key={o.id} className="task-item" data-opportunity-id={o.id}>
              <div className="task-main">
                <Link className="task-title" to={`/opportunities/${o.id}`}>
                  {o.name}
                </Link>
                <div className="task-meta">
                  <span className={`badge status-${o.status}`}>{o.stageName}</span> <span>{money(o.amount)}</span>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
      {newHref ? (
        <p className="card-links">
          <Link to={newHref}>{t("opportunities.related.add")}</Link>
        </p>
      ) : null}
    </section>
  );
}

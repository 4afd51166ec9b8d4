import { NavLink } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Board, list and forecast: one area, three views (the query string is kept where it means the same). */
export function OpportunityViews({ search = "" }: { search?: string }) {
  const { t } = useTranslation();
  return (
    <nav className="subnav" aria-label={t("opportunities.views.label")}>
      <NavLink to={`/opportunities${search}`} end>
        {t("opportunities.views.board")}
      </NavLink>
      <NavLink to={`/opportunities/list${search}`}>{t("opportunities.views.list")}</NavLink>
      <NavLink to={`/opportunities/forecast${search}`}>{t("opportunities.views.forecast")}</NavLink>
    </nav>
  );
}

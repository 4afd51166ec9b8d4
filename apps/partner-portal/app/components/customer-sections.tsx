import { NavLink } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Customers and registrations are one area: on a phone the tab bar has room for only one of them. */
export function CustomerSections() {
  const { t } = useTranslation();
  return (
    <nav className="subnav" aria-label={t("portal.customers.sections")}>
      <NavLink to="/customers" prefetch="intent">
        {t("portal.customers.tabCustomers")}
      </NavLink>
      <NavLink to="/registrations" prefetch="intent">
        {t("portal.customers.tabRegistrations")}
      </NavLink>
    </nav>
  );
}

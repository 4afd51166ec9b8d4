/**
 * "Possible duplicate" while a lead is typed: after a pause, the form's name, company, phone and
 * e-mail go to /leads/duplicates, which answers with the user's own leads and customers that look
 * the same. A warning only: saving is never blocked.
 */
import { Link, useFetcher } from "@remix-run/react";
import { useEffect, useRef, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { TLeadDuplicates } from "@qudao/core/schemas";

const PAUSE_MS = 400;
const FIELDS = ["name", "company", "phone", "email"] as const;

export function useDuplicateCheck(excludeLeadId?: string) {
  const fetcher = useFetcher<TLeadDuplicates>();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const last = useRef("");
  useEffect(() => () => clearTimeout(timer.current), []);
  const onChange = (event: FormEvent<HTMLFormElement>) => {
    if (!FIELDS.includes((event.target as Element).getAttribute("name") as (typeof FIELDS)[number])) return;
    const form = event.currentTarget;
    const params = new URLSearchParams();
    for (const name of FIELDS) {
      const value = (form.elements.namedItem(name) as HTMLInputElement | null)?.value.trim() ?? "";
      if (value) params.set(name, value);
    }
    if (excludeLeadId) params.set("excludeLeadId", excludeLeadId);
    const query = params.toString();
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (query === last.current) return;
      last.current = query;
      fetcher.load(`/leads/duplicates?${query}`);
    }, PAUSE_MS);
  };
  return { onChange, found: fetcher.data };
}

export function DuplicateWarning({ found }: { found: TLeadDuplicates | undefined }) {
  const { t } = useTranslation();
  const fields = (matched: string[]) =>
    t("work.portal.duplicates.matched", { fields: matched.map((f) => t(`work.portal.duplicates.field.${f}`)).join(t("work.portal.duplicates.separator")) });
  const any = found && (found.leads.length > 0 || found.customers.length > 0);
  return (
    <div aria-live="polite">
      {any ? (
        <div className="duplicate-warning">
          <p>{t("work.portal.duplicates.title")}</p>
          <span className="muted">{t("work.portal.duplicates.intro")}</span>
          <ul>
            {found.leads.map((lead) => (
              <li key={lead.id}>
                {t("work.portal.duplicates.lead")}: <Link to={`/leads/${lead.id}`}>{lead.company ? `${lead.name} · ${lead.company}` : lead.name}</Link>{" "}
                <span className="muted">
                  ({t(`common.leadStatus.${lead.status}`)} · {fields(lead.matchedOn)})
                </span>
              </li>
            ))}
            {found.customers.map((customer) => (
              <li key={customer.id}>
                {t("work.portal.duplicates.customer")}: <Link to={`/customers/${customer.id}`}>{customer.name}</Link>{" "}
                <span className="muted">({fields(customer.matchedOn)})</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

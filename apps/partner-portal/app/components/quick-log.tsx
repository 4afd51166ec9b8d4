/**
 * Log a follow-up in at most three taps on a phone: the kind, (optionally a note), save. Posts to
 * /activities/log with a fetcher, so the page stays put and its loaders (the timeline) refresh.
 * Reusable on any detail page: pass the lead, customer and/or opportunity it belongs to, and add
 * `quickLogLinks()` to the route's `links`.
 */
import type { LinksFunction } from "@remix-run/node";
import { useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ACTIVITY_KINDS, type TActivityKind } from "@qudao/core/schemas";
import workStyles from "~/work.css?url";

export const quickLogLinks: LinksFunction = () => [{ rel: "stylesheet", href: workStyles }];

/** Icons beside the words (the words are what screen readers and the tests read). */
export const ACTIVITY_ICONS: Record<TActivityKind, string> = { call: "📞", visit: "🚶", meeting: "🤝", wechat: "💬", email: "✉️", note: "📝" };

export type QuickLogTarget = { leadId?: string | null; customerId?: string | null; opportunityId?: string | null };

type LogResult = { ok: true; id: string; kind: TActivityKind } | { ok: false; error: { message: string; fields: Record<string, string> } };

export function QuickLog({ target }: { target: QuickLogTarget }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<LogResult>();
  const location = useLocation();
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const [kind, setKind] = useState<TActivityKind | null>(null);
  const busy = fetcher.state !== "idle";
  const result = fetcher.state === "idle" ? fetcher.data : undefined;

  // Saved: clear the form for the next follow-up.
  useEffect(() => {
    if (result?.ok) {
      form.current?.reset();
      setKind(null);
    }
  }, [result]);

  const error = result && !result.ok ? result.error : null;
  return (
    <section className="card quick-log" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="card-title">
        {t("work.portal.quickLog.title")}
      </h2>
      <fetcher.Form method="post" action="/activities/log" ref={form} noValidate aria-busy={busy}>
        {target.leadId ? <input type="hidden" name="leadId" value={target.leadId} /> : null}
        {target.customerId ? <input type="hidden" name="customerId" value={target.customerId} /> : null}
        {target.opportunityId ? <input type="hidden" name="opportunityId" value={target.opportunityId} /> : null}
        <input type="hidden" name="returnTo" value={location.pathname} />
        <fieldset aria-describedby={error?.fields.kind ? `${id}-kind-error` : undefined}>
          <legend className="visually-hidden">{t("work.portal.quickLog.kinds")}</legend>
          <div className="kind-picker">
            {ACTIVITY_KINDS.map((value) => (
              <label key={value} className="kind-option">
                <input type="radio" name="kind" value={value} checked={kind === value} onChange={() => setKind(value)} />
                <span className="kind-icon" aria-hidden="true">
                  {ACTIVITY_ICONS[value]}
                </span>
                <span>{t(`work.activity.kind.${value}`)}</span>
              </label>
            ))}
          </div>
          {error?.fields.kind ? (
            <p id={`${id}-kind-error`} className="field-error">
              {error.fields.kind}
            </p>
          ) : null}
        </fieldset>
        <label htmlFor={`${id}-body`}>{t("work.portal.quickLog.note")}</label>
        <textarea id={`${id}-body`} name="body" rows={2} maxLength={4000} placeholder={t("work.portal.quickLog.notePlaceholder")} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t("work.portal.quickLog.saving") : t("work.portal.quickLog.save")}
          </button>
        </div>
        {error && !error.fields.kind ? (
          <p role="alert" className="form-error">
            {error.message}
          </p>
        ) : null}
        {result?.ok ? (
          <p role="status" className="notice">
            {t("work.portal.quickLog.saved", { kind: t(`work.activity.kind.${result.kind}`) })}
          </p>
        ) : null}
      </fetcher.Form>
    </section>
  );
}

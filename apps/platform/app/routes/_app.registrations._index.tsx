import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireSignedIn } from "~/.server/request.server";
import { DateTime, useDateFormat } from "~/components/date-time";
import { ExportButtons } from "@qudao/ui/export-buttons";
import { pageTitle } from "~/components/page-title";
import { Pager } from "~/components/pager";
import { throwPublicError } from "~/components/public-error.server";
import { CustomerKind, ExtensionBadge, RegistrationStatusBadge } from "~/components/registration-badges";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import { WaitAge } from "~/components/wait-age";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "platform.registrations.title");

type Caller = Awaited<ReturnType<typeof requireSignedIn>>["caller"];
type RegistrationStatus = NonNullable<NonNullable<Parameters<Caller["registrations"]["list"]>[0]>["status"]>;

// Core does not export its status list to the apps yet; `satisfies` keeps this one honest.
const REGISTRATION_STATUSES = ["pending", "accepted", "rejected", "expired", "released"] as const satisfies readonly RegistrationStatus[];

/** The queue's tabs: what waits for a decision (oldest first), extension requests, and everything. */
const VIEWS = ["pending", "extensions", "all"] as const;
type View = (typeof VIEWS)[number];

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const params = new URL(request.url).searchParams;
  const view: View = VIEWS.find((v) => v === params.get("view")) ?? "pending";
  const status = view === "all" ? (REGISTRATION_STATUSES.find((s) => s === params.get("status")) ?? null) : null;
  const partnerId = params.get("partnerId")?.trim() ?? "";
  const cursor = params.get("cursor") || undefined;
  try {
    const [page, partners] = await Promise.all([
      caller.registrations.list({
        ...(view === "pending" ? { status: "pending" as const, order: "oldest" as const } : {}),
        // Flags are query strings here: REST and tRPC share the list input schema.
        ...(view === "extensions" ? { extensionRequested: "true", order: "oldest" as const } : {}),
        ...(view === "all" ? { order: "newest" as const, ...(status ? { status } : {}) } : {}),
        ...(partnerId ? { partnerId } : {}),
        ...(cursor ? { cursor } : {}),
      }),
      caller.partners.options(),
    ]);
    // Ages are measured here, once, so the server render and hydration print the same text.
    const now = Date.now();
    const minutesSince = (at: Date) => Math.max(0, Math.floor((now - at.getTime()) / 60_000));
    const items = page.items.map((r) => ({
      ...r,
      ageMinutes: minutesSince(r.createdAt),
      // The extension queue's SLA runs from the request, not from the registration.
      requestAgeMinutes: r.extensionRequestedAt ? minutesSince(r.extensionRequestedAt) : null,
    }));
    return json({ items, nextCursor: page.nextCursor, partners, statuses: REGISTRATION_STATUSES, view, filters: { status: status ?? "", partnerId } });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export default function RegistrationQueue() {
  const { items, nextCursor, partners, statuses, view, filters } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const formatDate = useDateFormat();
  const searching = useNavigation().state === "loading";
  const viewLink = (v: View) => (v === "pending" ? "/registrations" : `/registrations?view=${v}`);
  return (
    <>
      <div className="page-head">
        <h1>{t("platform.registrations.title")}</h1>
        <ExportButtons
          entity="registrations"
          filter={{
            partnerId: filters.partnerId,
            ...(view === "pending" ? { status: "pending", order: "oldest" } : view === "extensions" ? { extensionRequested: "true", order: "oldest" } : { status: filters.status, order: "newest" }),
          }}
        />
      </div>
      <nav className="tabs" aria-label={t("platform.registrations.views.label")}>
        {VIEWS.map((v) => (
          <Link key={v} to={viewLink(v)} aria-current={v === view ? "page" : undefined} className={v === view ? "active" : undefined}>
            {t(`platform.registrations.views.${v}`)}
          </Link>
        ))}
      </nav>
      <p className="muted">{t(`platform.registrations.hints.${view}`)}</p>
      <Form method="get" className="toolbar" role="search">
        {view !== "pending" ? <input type="hidden" name="view" value={view} /> : null}
        <label>
          {t("platform.registrations.partnerLabel")}
          <select name="partnerId" defaultValue={filters.partnerId}>
            <option value="">{t("platform.registrations.allPartners")}</option>
            {partners.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        {view === "all" ? (
          <label>
            {t("platform.registrations.statusLabel")}
            <select name="status" defaultValue={filters.status}>
              <option value="">{t("common.all")}</option>
              {statuses.map((s) => (
                <option key={s} value={s}>
                  {t(`ownership.status.${s}`)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button type="submit" disabled={searching}>
          {t("common.actions.filter")}
        </button>
        {filters.partnerId || filters.status ? (
          <Link to={viewLink(view)} className="button">
            {t("common.actions.reset")}
          </Link>
        ) : null}
      </Form>
      {items.length === 0 ? (
        <p className="empty">{t(`platform.registrations.empty.${view}`)}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("platform.registrations.columns.customer")}</th>
                <th scope="col">{t("platform.registrations.columns.partner")}</th>
                <th scope="col">{t("platform.registrations.columns.status")}</th>
                <th scope="col">{t("platform.registrations.columns.reason")}</th>
                <th scope="col">{t(view === "extensions" ? "platform.registrations.columns.requestAge" : "platform.registrations.columns.age")}</th>
                <th scope="col">{t("platform.registrations.columns.protectedUntil")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((registration) => (
                <tr key={registration.id}>
                  <td>
                    <Link to={`/registrations/${registration.id}`} className="strong">
                      {registration.submitted.name}
                    </Link>
                    <div className="small">
                      <CustomerKind kind={registration.submitted.kind} />
                      {registration.submitted.city ? <span className="muted"> · {registration.submitted.city}</span> : null}
                    </div>
                  </td>
                  <td>
                    <Link to={`/partners/${registration.partnerId}`} className="partner-name">
                      {registration.partnerName}
                    </Link>
                  </td>
                  <td>
                    <RegistrationStatusBadge status={registration.status} /> <ExtensionBadge status={registration.extensionStatus} />
                  </td>
                  <td className="reason-cell">
                    {registration.reason ? registration.reason.message : <span className="muted">—</span>}
                    {view === "extensions" && registration.extensionReason ? (
                      <div className="small muted">{t("platform.registrations.extensionReason", { reason: registration.extensionReason })}</div>
                    ) : null}
                  </td>
                  {view === "extensions" ? (
                    <td
                      className="nowrap request-age"
                      title={registration.extensionRequestedAt ? t("platform.registrations.extensionRequestedAt", { date: formatDate(registration.extensionRequestedAt) }) : undefined}
                      suppressHydrationWarning
                    >
                      {registration.requestAgeMinutes === null ? (
                        <span className="muted">—</span>
                      ) : (
                        <WaitAge minutes={registration.requestAgeMinutes} waiting={registration.extensionStatus === "requested"} />
                      )}
                    </td>
                  ) : (
                    <td className="nowrap" title={t("platform.registrations.submittedAt", { date: formatDate(registration.createdAt) })} suppressHydrationWarning>
                      <WaitAge minutes={registration.ageMinutes} waiting={registration.status === "pending"} />
                    </td>
                  )}
                  <td className="nowrap">
                    <DateTime value={registration.protectedUntil} style="date" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager nextCursor={nextCursor} />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };

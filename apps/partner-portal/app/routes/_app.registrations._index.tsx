import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { errorResponse, requireSignedIn } from "~/.server/request.server";
import { CustomerSections } from "~/components/customer-sections";
import { RegistrationProtection } from "~/components/protection";
import { ExportButtons } from "@qudao/ui/export-buttons";
import { RouteErrorBoundary } from "~/components/route-error";
import { useDateFormat } from "~/date-format";
import { pageTitle } from "~/i18n";
import { isRegistrationStatus, REGISTRATION_STATUSES } from "~/registration-statuses";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "portal.meta.registrations");

const PAGE_SIZE = 20;

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const params = new URL(request.url).searchParams;
  const statusParam = params.get("status");
  const status = isRegistrationStatus(statusParam) ? statusParam : "";
  const cursor = params.get("cursor") ?? "";
  // Core scopes the list: a rep sees their own registrations, admins and managers the partner's.
  const page = await caller.registrations
    .list({ limit: PAGE_SIZE, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) })
    .catch((error: unknown) => errorResponse(error, ctx));
  return json({
    filters: { status, cursor },
    items: page.items.map((registration) => ({
      id: registration.id,
      customerName: registration.customerName,
      status: registration.status,
      reason: registration.reason?.message ?? null,
      protectedUntil: registration.protectedUntil,
      extensionStatus: registration.extensionStatus,
      createdAt: registration.createdAt,
      // A distributor's list also holds its sub-dealers' registrations: name the sub-dealer on those rows.
      registeredBy: registration.partnerId !== actor.partnerId ? registration.partnerName || null : null,
    })),
    nextCursor: page.nextCursor,
    now: new Date().toISOString(),
  });
}

function registrationsUrl(status: string, cursor?: string | null): string {
  const search = new URLSearchParams();
  if (status) search.set("status", status);
  if (cursor) search.set("cursor", cursor);
  const query = search.toString();
  return query ? `/registrations?${query}` : "/registrations";
}

export default function RegistrationList() {
  const { filters, items, nextCursor, now } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const format = useDateFormat();
  const searching = useNavigation().state === "loading";
  const columns = {
    customer: t("portal.registrations.columns.customer"),
    status: t("portal.registrations.columns.status"),
    submittedAt: t("portal.registrations.columns.submittedAt"),
    protection: t("portal.registrations.columns.protection"),
    extension: t("portal.registrations.columns.extension"),
  };
  return (
    <>
      <div className="page-head">
        <h1>{t("portal.registrations.title")}</h1>
        <Link to="/registrations/new" className="button primary">
          {t("portal.customers.register")}
        </Link>
      </div>
      <ExportButtons entity="registrations" filter={{ status: filters.status }} />
      <CustomerSections />
      <Form method="get" className="toolbar toolbar-simple" aria-label={t("portal.registrations.status")}>
        <label className="toolbar-status">
          <span className="visually-hidden">{t("portal.registrations.status")}</span>
          <select name="status" defaultValue={filters.status}>
            <option value="">{t("portal.registrations.allStatuses")}</option>
            {REGISTRATION_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`ownership.status.${status}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={searching}>
          {t("common.actions.filter")}
        </button>
        {filters.status ? (
          <Link to="/registrations" className="button link-button">
            {t("common.actions.reset")}
          </Link>
        ) : null}
      </Form>
      {items.length === 0 ? (
        <p className="empty">{filters.status || filters.cursor ? t("portal.registrations.emptyFiltered") : t("portal.registrations.empty")}</p>
      ) : (
        <table className="responsive-table">
          <thead>
            <tr>
              <th scope="col">{columns.customer}</th>
              <th scope="col">{columns.status}</th>
              <th scope="col">{columns.protection}</th>
              <th scope="col">{columns.extension}</th>
              <th scope="col">{columns.submittedAt}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((registration) => (
              <tr key={registration.id}>
                <td className="cell-title" data-label={columns.customer}>
                  <Link to={`/registrations/${registration.id}`}>{registration.customerName}</Link>
                  {registration.registeredBy ? (
                    <span className="held-by">{t("portal.registrations.bySubDealer", { partner: registration.registeredBy })}</span>
                  ) : null}
                </td>
                <td data-label={columns.status}>
                  <span className="status-with-reason">
                    <span className={`badge registration-${registration.status}`}>{t(`ownership.status.${registration.status}`)}</span>
                    {registration.status !== "accepted" && registration.reason ? (
                      <span className="muted reason-text">{registration.reason}</span>
                    ) : null}
                  </span>
                </td>
                <td data-label={columns.protection}>
                  <RegistrationProtection status={registration.status} until={registration.protectedUntil} now={now} />
                </td>
                <td data-label={columns.extension}>
                  <span className={registration.extensionStatus === "none" ? "muted" : undefined}>
                    {t(`ownership.extensionStatus.${registration.extensionStatus}`)}
                  </span>
                </td>
                <td data-label={columns.submittedAt}>
                  <time dateTime={registration.createdAt}>{format.date(registration.createdAt)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pager" aria-label={t("portal.leads.pagination")}>
        {filters.cursor ? (
          <Link to={registrationsUrl(filters.status)} className="button">
            {t("common.actions.first")}
          </Link>
        ) : null}
        {nextCursor ? (
          <Link to={registrationsUrl(filters.status, nextCursor)} className="button">
            {t("common.actions.next")}
          </Link>
        ) : null}
        <span className="muted pager-hint">{t("portal.registrations.pageHint", { count: PAGE_SIZE })}</span>
      </nav>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };

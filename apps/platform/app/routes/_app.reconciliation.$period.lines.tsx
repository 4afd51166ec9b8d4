import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { COMMISSION_LINE_KINDS, ISSUE_REASONS, isPeriod, ORDER_ATTRIBUTION_FILTERS, RECONCILIATION_ISSUES, RECONCILIATION_LISTS, STATEMENT_STATUS_FILTERS, type TReconciliationRow } from "@qudao/core/schemas";
import { requireSignedIn } from "~/.server/request.server";
import { DateTime } from "~/components/date-time";
import { pageTitle } from "~/components/page-title";
import { Pager } from "~/components/pager";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import styles from "~/reconciliation.css?url";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reconciliation.meta.lines");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const pick = <T extends string>(values: readonly T[], value: string | null): T | null => values.find((v) => v === value) ?? null;

/** The rows behind a reconciliation figure or finding: `?list=`, `?issue=` (and `reason`), `kind`, `status`, `partnerId`, `attribution`. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const period = params.period ?? "";
  if (!isPeriod(period)) throw new Response("", { status: 404 });
  const search = new URL(request.url).searchParams;
  const issue = pick(RECONCILIATION_ISSUES, search.get("issue"));
  const filters = {
    list: issue ? null : (pick(RECONCILIATION_LISTS, search.get("list")) ?? "lines"),
    issue,
    reason: issue ? pick(ISSUE_REASONS[issue] as readonly string[], search.get("reason")) : null,
    kind: pick(COMMISSION_LINE_KINDS, search.get("kind")),
    status: pick(STATEMENT_STATUS_FILTERS, search.get("status")),
    partnerId: UUID.test(search.get("partnerId") ?? "") ? search.get("partnerId")! : null,
    attribution: pick(ORDER_ATTRIBUTION_FILTERS, search.get("attribution")),
  };
  const cursor = search.get("cursor");
  try {
    const [page, partners] = await Promise.all([
      caller.reconciliation.lines({
        period,
        ...(filters.list ? { list: filters.list } : {}),
        ...(filters.issue ? { issue: filters.issue } : {}),
        ...(filters.reason ? { reason: filters.reason } : {}),
        ...(filters.kind ? { kind: filters.kind } : {}),
        ...(filters.status ? { status: filters.status } : {}),
        ...(filters.partnerId ? { partnerId: filters.partnerId } : {}),
        ...(filters.attribution ? { attribution: filters.attribution } : {}),
        ...(cursor && UUID.test(cursor) ? { cursor } : {}),
      }),
      caller.partners.options(),
    ]);
    return json({ period, filters, partners, ...page });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

type Row = Omit<TReconciliationRow, "at"> & { at: string | null };
type Column = { key: string; numeric?: boolean; show: (row: Row) => boolean; cell: (row: Row) => React.ReactNode };

export default function ReconciliationRowsPage() {
  const { period, filters, partners, items, nextCursor } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "loading";
  const title = filters.issue ? t(`reconciliation.lists.${filters.issue}`) : t(`reconciliation.lists.${filters.list ?? "lines"}`);
  const rows = items as unknown as Row[];
  const columns: Column[] = [
    { key: "subject", show: () => true, cell: (r) => t(`reconciliation.subject.${r.subject}`) },
    { key: "kind", show: (r) => r.kind !== null, cell: (r) => (r.kind ? t(`reconciliation.kind.${r.kind}`) : null) },
    { key: "partner", show: (r) => r.partnerId !== null, cell: (r) => (r.partnerId ? <Link to={`/partners/${r.partnerId}`}>{r.partnerName ?? r.partnerId}</Link> : null) },
    {
      key: "statement",
      show: (r) => r.statementId !== null,
      cell: (r) => (r.statementId ? <Link to={`/statements/${r.statementId}`}>{r.statementStatus ? t(`reconciliation.status.${r.statementStatus}`) : "—"}</Link> : null),
    },
    { key: "order", show: (r) => r.orderId !== null, cell: (r) => (r.orderId ? <Link to={`/orders/${r.orderId}`}>{r.orderExternalId ?? r.orderId}</Link> : null) },
    { key: "refund", show: (r) => r.refundId !== null, cell: (r) => r.refundExternalId },
    { key: "at", show: (r) => r.at !== null, cell: (r) => <DateTime value={r.at} /> },
    { key: "label", show: (r) => r.label !== null, cell: (r) => r.label },
    { key: "base", numeric: true, show: (r) => r.base !== null, cell: (r) => r.base },
    { key: "amount", numeric: true, show: (r) => r.amount !== null, cell: (r) => r.amount },
    { key: "expected", numeric: true, show: (r) => r.expected !== null, cell: (r) => r.expected },
    { key: "difference", numeric: true, show: (r) => r.difference !== null, cell: (r) => r.difference },
    { key: "paid", numeric: true, show: (r) => r.paid !== null, cell: (r) => r.paid },
    { key: "reason", show: (r) => r.reason !== null, cell: (r) => r.reason?.message },
  ];
  const visible = columns.filter((column) => rows.some(column.show));
  return (
    <>
      <div className="page-head">
        <h1>
          {title} · {period}
        </h1>
        <Link to={`/reconciliation?period=${period}`} className="button">
          {t("reconciliation.lists.back")}
        </Link>
      </div>
      {filters.issue && filters.reason ? <p className="finding-text">{t(`reconciliation.reasons.${filters.issue}.${filters.reason}`)}</p> : null}
      <Form method="get" className="toolbar" role="search">
        {filters.issue ? (
          <>
            <input type="hidden" name="issue" value={filters.issue} />
            {filters.reason ? <input type="hidden" name="reason" value={filters.reason} /> : null}
          </>
        ) : (
          <label>
            {t("reconciliation.filters.list")}
            <select name="list" defaultValue={filters.list ?? "lines"}>
              {RECONCILIATION_LISTS.map((list) => (
                <option key={list} value={list}>
                  {t(`reconciliation.lists.${list}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t("reconciliation.filters.kind")}
          <select name="kind" defaultValue={filters.kind ?? ""}>
            <option value="">{t("reconciliation.filters.any")}</option>
            {COMMISSION_LINE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`reconciliation.kind.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("reconciliation.filters.status")}
          <select name="status" defaultValue={filters.status ?? ""}>
            <option value="">{t("reconciliation.filters.any")}</option>
            {STATEMENT_STATUS_FILTERS.map((status) => (
              <option key={status} value={status}>
                {t(`reconciliation.status.${status}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("reconciliation.filters.partner")}
          <select name="partnerId" defaultValue={filters.partnerId ?? ""}>
            <option value="">{t("reconciliation.filters.any")}</option>
            {partners.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        {filters.list === "refunds" ? (
          <label>
            {t("reconciliation.filters.attribution")}
            <select name="attribution" defaultValue={filters.attribution ?? ""}>
              <option value="">{t("reconciliation.filters.any")}</option>
              {ORDER_ATTRIBUTION_FILTERS.map((a) => (
                <option key={a} value={a}>
                  {t(`reconciliation.filters.${a}`)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button type="submit" disabled={busy}>
          {t("reconciliation.filters.show")}
        </button>
        <Link to={filters.issue ? `?issue=${filters.issue}` : "?"} className="button">
          {t("reconciliation.filters.reset")}
        </Link>
      </Form>
      {rows.length === 0 ? (
        <p className="empty">{t("reconciliation.lists.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table data-list={filters.issue ?? filters.list}>
            <thead>
              <tr>
                {visible.map((column) => (
                  <th key={column.key} scope="col" className={column.numeric ? "num" : undefined}>
                    {t(`reconciliation.columns.${column.key}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-row-id={row.id} className={filters.issue ? "finding" : undefined}>
                  {visible.map((column) => (
                    <td key={column.key} className={column.numeric ? "num" : undefined} data-field={column.key}>
                      {column.cell(row)}
                    </td>
                  ))}
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

import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { errorResponse, requireSignedIn } from "~/.server/request.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { useDateFormat } from "~/date-format";
import { pageTitle } from "~/i18n";
import importStyles from "~/imports.css?url";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "imports.page.historyTitle");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: importStyles }];

const PAGE_SIZE = 20;

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const cursor = new URL(request.url).searchParams.get("cursor") ?? "";
  // Core scopes the list: a rep's own imports, the partner's for admins and managers.
  const page = await caller.imports.list({ limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }).catch((error: unknown) => errorResponse(error, ctx));
  return json({
    cursor,
    items: page.items.map((job) => ({
      id: job.id,
      fileName: job.fileName,
      entity: job.entity,
      status: job.status,
      totalRows: job.totalRows,
      importedRows: job.importedRows,
      errorRows: job.errorRows,
      createdAt: job.createdAt,
    })),
    nextCursor: page.nextCursor,
  });
}

export default function ImportHistory() {
  const { cursor, items, nextCursor } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const format = useDateFormat();
  const columns = {
    file: t("imports.page.columns.file"),
    entity: t("imports.page.columns.entity"),
    status: t("imports.page.columns.status"),
    rows: t("imports.page.columns.rows"),
    imported: t("imports.page.columns.imported"),
    errors: t("imports.page.columns.errors"),
    createdAt: t("imports.page.columns.createdAt"),
  };
  return (
    <>
      <div className="page-head">
        <h1>{t("imports.page.historyTitle")}</h1>
        <div className="head-actions">
          <Link to="/imports/new?entity=leads" className="button primary">
            {t("imports.page.importLeads")}
          </Link>
          <Link to="/imports/new?entity=customers" className="button">
            {t("imports.page.importCustomers")}
          </Link>
        </div>
      </div>
      {items.length === 0 ? (
        <p className="empty">{t("imports.page.empty")}</p>
      ) : (
        <table className="responsive-table">
          <thead>
            <tr>
              <th scope="col">{columns.file}</th>
              <th scope="col">{columns.entity}</th>
              <th scope="col">{columns.status}</th>
              <th scope="col">{columns.rows}</th>
              <th scope="col">{columns.imported}</th>
              <th scope="col">{columns.errors}</th>
              <th scope="col">{columns.createdAt}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((job) => (
              <tr key={job.id}>
                <td className="cell-title break" data-label={columns.file}>
                  <Link to={`/imports/${job.id}`}>{job.fileName}</Link>
                </td>
                <td data-label={columns.entity}>{t(`imports.entity.${job.entity}`)}</td>
                <td data-label={columns.status}>
                  <span className={`badge ${job.status}`}>{t(`imports.status.${job.status}`)}</span>
                </td>
                <td data-label={columns.rows}>{job.totalRows}</td>
                <td data-label={columns.imported}>{job.importedRows}</td>
                <td data-label={columns.errors}>{job.errorRows}</td>
                <td data-label={columns.createdAt}>
                  <time dateTime={job.createdAt}>{format.dateTime(job.createdAt)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pager" aria-label={t("portal.leads.pagination")}>
        {cursor ? (
          <Link to="/imports" className="button">
            {t("common.actions.first")}
          </Link>
        ) : null}
        {nextCursor ? (
          <Link to={`/imports?cursor=${encodeURIComponent(nextCursor)}`} className="button">
            {t("common.actions.next")}
          </Link>
        ) : null}
      </nav>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };

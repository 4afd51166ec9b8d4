import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireSignedIn } from "~/.server/request.server";
import { DateTime } from "~/components/date-time";
import { pageTitle } from "~/components/page-title";
import { Pager } from "~/components/pager";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "platform.audit.title");

// Suggestions for the filters; any other value can still be typed (new modules add their own).
const KNOWN_ENTITY_TYPES = ["Partner", "User", "Lead", "ApiKey"] as const;
const KNOWN_ACTIONS = ["partner.created", "partner.updated", "user.created", "lead.created", "lead.updated", "apiKey.created", "apiKey.revoked", "auth.login"] as const;

/** Where an audited entity can be opened in this console. */
const ENTITY_PAGES: Record<string, string> = { Partner: "/partners/", Lead: "/leads/" };

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const params = new URL(request.url).searchParams;
  const filters = {
    entityType: params.get("entityType")?.trim() ?? "",
    action: params.get("action")?.trim() ?? "",
    q: params.get("q")?.trim() ?? "",
    partnerId: params.get("partnerId")?.trim() ?? "",
  };
  const cursor = params.get("cursor") || undefined;
  try {
    const [page, partnerName] = await Promise.all([
      caller.audit.list({
        ...(filters.entityType ? { entityType: filters.entityType } : {}),
        ...(filters.action ? { action: filters.action } : {}),
        ...(filters.q ? { q: filters.q } : {}),
        ...(filters.partnerId ? { partnerId: filters.partnerId } : {}),
        ...(cursor ? { cursor } : {}),
      }),
      // Only for the filter's label: a deleted or unknown partner still filters, shown by its id.
      filters.partnerId ? caller.partners.get({ id: filters.partnerId }).then((p) => p.name, () => null) : Promise.resolve(null),
    ]);
    return json({ ...page, filters, partnerName });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

function shortId(id: string): string {
  return id.length > 13 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id;
}

function Json({ value }: { value: unknown }) {
  return <pre className="json">{JSON.stringify(value, null, 2)}</pre>;
}

export default function AuditLog() {
  const { items, nextCursor, filters, partnerName } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const searching = useNavigation().state === "loading";
  const actionLabel = (action: string) => {
    const key = `platform.audit.actions.${action.replace(/\./g, "_")}`;
    return i18n.exists(key) ? t(key) : null;
  };
  const entityLabel = (type: string) => {
    const key = `platform.audit.entityTypes.${type}`;
    return i18n.exists(key) ? t(key) : type;
  };
  const withoutPartner = new URLSearchParams({ ...filters, partnerId: "" });
  for (const [k, v] of [...withoutPartner.entries()]) if (!v) withoutPartner.delete(k);

  return (
    <>
      <div className="page-head">
        <h1>{t("platform.audit.title")}</h1>
      </div>
      <p className="muted">{t("platform.audit.intro")}</p>
      <Form method="get" className="toolbar" role="search">
        {filters.partnerId ? <input type="hidden" name="partnerId" value={filters.partnerId} /> : null}
        <label>
          {t("platform.audit.entityTypeLabel")}
          <input name="entityType" list="audit-entity-types" defaultValue={filters.entityType} placeholder={t("platform.audit.anyValue")} />
          <datalist id="audit-entity-types">
            {KNOWN_ENTITY_TYPES.map((type) => (
              <option key={type} value={type}>
                {entityLabel(type)}
              </option>
            ))}
          </datalist>
        </label>
        <label>
          {t("platform.audit.actionLabel")}
          <input name="action" list="audit-actions" defaultValue={filters.action} placeholder={t("platform.audit.anyValue")} />
          <datalist id="audit-actions">
            {KNOWN_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {actionLabel(action)}
              </option>
            ))}
          </datalist>
        </label>
        <label>
          {t("platform.audit.searchLabel")}
          <input type="search" name="q" defaultValue={filters.q} placeholder={t("platform.audit.searchPlaceholder")} />
        </label>
        <button type="submit" disabled={searching}>
          {t("common.actions.filter")}
        </button>
        {filters.entityType || filters.action || filters.q || filters.partnerId ? (
          <Link to="/audit" className="button">
            {t("common.actions.reset")}
          </Link>
        ) : null}
      </Form>
      {filters.partnerId ? (
        <p className="filter-chip">
          {t("platform.audit.partnerFilter", { name: partnerName ?? shortId(filters.partnerId) })}{" "}
          <Link to={`/audit${withoutPartner.toString() ? `?${withoutPartner.toString()}` : ""}`}>{t("platform.audit.clearPartnerFilter")}</Link>
        </p>
      ) : null}
      {items.length === 0 ? (
        <p className="empty">{t("platform.audit.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="audit">
            <thead>
              <tr>
                <th scope="col">{t("platform.audit.columns.time")}</th>
                <th scope="col">{t("platform.audit.columns.actor")}</th>
                <th scope="col">{t("platform.audit.columns.action")}</th>
                <th scope="col">{t("platform.audit.columns.entity")}</th>
                <th scope="col">{t("platform.audit.columns.partner")}</th>
                <th scope="col">{t("platform.audit.columns.changes")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry) => {
                const label = actionLabel(entry.action);
                const page = ENTITY_PAGES[entry.entityType];
                const hasBefore = entry.before !== null && entry.before !== undefined;
                const hasAfter = entry.after !== null && entry.after !== undefined;
                return (
                  <tr key={entry.id}>
                    <td className="nowrap">
                      <DateTime value={entry.createdAt} style="precise" />
                    </td>
                    <td>
                      {entry.actorLabel}
                      {entry.ip ? <div className="muted small">{entry.ip}</div> : null}
                    </td>
                    <td>
                      {label ? <div>{label}</div> : null}
                      <code className="small">{entry.action}</code>
                    </td>
                    <td>
                      <div>{entityLabel(entry.entityType)}</div>
                      {page ? (
                        <Link to={`${page}${entry.entityId}`} title={entry.entityId}>
                          <code className="small">{shortId(entry.entityId)}</code>
                        </Link>
                      ) : (
                        <code className="small" title={entry.entityId}>
                          {shortId(entry.entityId)}
                        </code>
                      )}
                    </td>
                    <td>
                      {entry.partnerId ? (
                        <Link to={`/partners/${entry.partnerId}`} title={entry.partnerId}>
                          <code className="small">{shortId(entry.partnerId)}</code>
                        </Link>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td>
                      {hasBefore || hasAfter ? (
                        <details>
                          <summary>{t("platform.audit.showChanges")}</summary>
                          <div className="changes">
                            {hasBefore ? (
                              <div>
                                <div className="muted small">{t("platform.audit.before")}</div>
                                <Json value={entry.before} />
                              </div>
                            ) : null}
                            {hasAfter ? (
                              <div>
                                <div className="muted small">{t("platform.audit.after")}</div>
                                <Json value={entry.after} />
                              </div>
                            ) : null}
                          </div>
                        </details>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pager nextCursor={nextCursor} />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };

import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LIFECYCLE_STAGES, RFM_SEGMENTS } from "@qudao/core/schemas";
import { PluginColumnCells, PluginColumnHeads } from "@qudao/ui/plugin-columns";
import { pluginListColumns } from "@qudao/ui/plugin-columns.server";
import { errorResponse, requireSignedIn, takeFlash } from "~/.server/request.server";
import { CustomerSections } from "~/components/customer-sections";
import { RfmSegment, TagChips } from "~/components/customer-segments";
import { pluginLinks, usePluginConventions } from "~/components/plugin-conventions";
import { SavedFilters } from "~/components/saved-filters";
import { Protection } from "~/components/protection";
import { ExportButtons } from "@qudao/ui/export-buttons";
import { RouteErrorBoundary } from "~/components/route-error";
import { useLifecycleStage } from "~/components/lifecycle-stage";
import { pageTitle } from "~/i18n";
import { displayPhone } from "~/phone-format";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "portal.meta.customers");
export const links: LinksFunction = () => pluginLinks();

const PAGE_SIZE = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Filters = { q: string; partnerId: string; tagId: string; lifecycleStage: string; rfmSegment: (typeof RFM_SEGMENTS)[number] | "" };

/** `?tagId=&lifecycleStage=&rfmSegment=` as the list, the export and saved filters take them; unknown values are ignored. */
function segmentFilters(params: URLSearchParams): Pick<Filters, "tagId" | "lifecycleStage" | "rfmSegment"> {
  const tagId = params.get("tagId") ?? "";
  const lifecycleStage = params.get("lifecycleStage") ?? "";
  const rfmSegment = params.get("rfmSegment") ?? "";
  return {
    tagId: UUID.test(tagId) ? tagId : "",
    lifecycleStage: (LIFECYCLE_STAGES as readonly string[]).includes(lifecycleStage) ? lifecycleStage : "",
    rfmSegment: RFM_SEGMENTS.find((segment) => segment === rfmSegment) ?? "",
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const params = new URL(request.url).searchParams;
  const q = (params.get("q") ?? "").trim().slice(0, 100);
  const cursor = params.get("cursor") ?? "";
  // One sub-dealer's customers (links from the team page's sub-dealer rollup).
  const partnerIdParam = params.get("partnerId") ?? "";
  const partnerId = /^[0-9a-f-]{36}$/i.test(partnerIdParam) ? partnerIdParam : "";
  const segments = segmentFilters(params);
  // Core scopes the list: customers this partner (or its sub-dealers) owns or holds a live registration on.
  const [page, tags] = await Promise.all([
    caller.customers.list({
      limit: PAGE_SIZE,
      ...(q ? { q } : {}),
      ...(partnerId ? { ownerPartnerId: partnerId } : {}),
      ...(segments.tagId ? { tagId: segments.tagId } : {}),
      ...(segments.lifecycleStage ? { lifecycleStage: segments.lifecycleStage } : {}),
      ...(segments.rfmSegment ? { rfmSegment: segments.rfmSegment } : {}),
      ...(cursor ? { cursor } : {}),
    }),
    // The platform's tags and this partner's own: the ones it may filter by.
    caller.tags.list({ limit: 200 }),
  ]).catch((error: unknown) => errorResponse(error, ctx));
  // Plugin fields the installed plugins show as customer columns.
  const plugins = await pluginListColumns(caller, actor, { surface: "portal", object: "customer", locale: ctx.locale }, page.items).catch((error: unknown) => errorResponse(error, ctx));
  const { flash, headers } = takeFlash(request);
  return json(
    {
      filters: { q, partnerId, ...segments } satisfies Filters,
      cursor,
      tags: tags.items.map((tag) => ({ id: tag.id, name: tag.name, scope: tag.scope })).sort((a, b) => a.name.localeCompare(b.name, "zh-CN")),
      items: page.items.map((customer) => ({
        id: customer.id,
        name: customer.name,
        kind: customer.kind,
        city: customer.city,
        phone: customer.phone,
        protectedUntil: customer.protectedUntil,
        lifecycleStage: customer.lifecycleStage,
        rfmSegment: customer.rfmSegment,
        rfmScore: customer.rfmScore,
        tags: customer.tags ?? [],
        // A distributor's list also holds its sub-dealers' customers: name the sub-dealer on those rows.
        heldBy: customer.partnerId && customer.partnerId !== actor.partnerId ? (customer.partnerName ?? null) : null,
        customFields: customer.customFields,
      })),
      plugins,
      nextCursor: page.nextCursor,
      released: flash?.kind === "customerReleased",
      now: new Date().toISOString(),
    },
    { headers }
  );
}

function customersUrl(filters: Filters, cursor?: string | null): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) search.set(key, value);
  if (cursor) search.set("cursor", cursor);
  const query = search.toString();
  return query ? `/customers?${query}` : "/customers";
}

export default function CustomerList() {
  const { filters, cursor, tags, items, plugins, nextCursor, released, now } = useLoaderData<typeof loader>();
  const pluginApp = usePluginConventions();
  const { t } = useTranslation();
  const stage = useLifecycleStage();
  const searching = useNavigation().state === "loading";
  const columns = {
    name: t("portal.customers.columns.name"),
    kind: t("portal.customers.columns.kind"),
    city: t("portal.customers.columns.city"),
    phone: t("portal.customers.columns.phone"),
    protection: t("portal.customers.columns.protection"),
    lifecycle: t("portal.customers.columns.lifecycle"),
    segment: t("segments.rfm.label"),
    tags: t("segments.tags.title"),
  };
  const filtered = Boolean(filters.q || filters.partnerId || filters.tagId || filters.lifecycleStage || filters.rfmSegment);
  return (
    <>
      <div className="page-head">
        <h1>{t("portal.customers.title")}</h1>
        <div className="head-actions">
          <Link to="/imports/new?entity=customers" className="button">
            {t("imports.page.action")}
          </Link>
          <Link to="/registrations/new" className="button primary">
            {t("portal.customers.register")}
          </Link>
        </div>
      </div>
      <ExportButtons
        entity="customers"
        filter={{ q: filters.q, ownerPartnerId: filters.partnerId, tagId: filters.tagId, lifecycleStage: filters.lifecycleStage, rfmSegment: filters.rfmSegment }}
      />
      <CustomerSections />
      {released ? (
        <p className="notice" role="status">
          {t("portal.customers.released")}
        </p>
      ) : null}
      <Form method="get" className="toolbar toolbar-customers" role="search" aria-label={t("portal.customers.search")}>
        {filters.partnerId ? <input type="hidden" name="partnerId" value={filters.partnerId} /> : null}
        <label className="toolbar-search">
          <span className="visually-hidden">{t("portal.customers.search")}</span>
          <input
            type="search"
            name="q"
            defaultValue={filters.q}
            placeholder={t("portal.customers.searchPlaceholder")}
            maxLength={100}
            enterKeyHint="search"
          />
        </label>
        <label>
          <span className="visually-hidden">{t("segments.filters.tag")}</span>
          <select name="tagId" defaultValue={filters.tagId} aria-label={t("segments.filters.tag")}>
            <option value="">{t("segments.filters.anyTag")}</option>
            {tags.map((tag) => (
              <option key={tag.id} value={tag.id}>
                {tag.scope === "platform" ? `${tag.name} · ${t("segments.tags.platformBadge")}` : tag.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="visually-hidden">{t("segments.filters.stage")}</span>
          <select name="lifecycleStage" defaultValue={filters.lifecycleStage} aria-label={t("segments.filters.stage")}>
            <option value="">{t("segments.filters.anyStage")}</option>
            {LIFECYCLE_STAGES.map((value) => (
              <option key={value} value={value}>
                {t(`common.lifecycle.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="visually-hidden">{t("segments.filters.segment")}</span>
          <select name="rfmSegment" defaultValue={filters.rfmSegment} aria-label={t("segments.filters.segment")}>
            <option value="">{t("segments.filters.anySegment")}</option>
            {RFM_SEGMENTS.map((segment) => (
              <option key={segment} value={segment}>
                {t(`segments.rfm.segments.${segment}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={searching}>
          {t("common.actions.search")}
        </button>
        {filtered ? (
          <Link to="/customers" className="button link-button">
            {t("common.actions.reset")}
          </Link>
        ) : null}
      </Form>
      <SavedFilters entity="customers" />
      {items.length === 0 ? (
        <p className="empty">{filtered || cursor ? t("portal.customers.emptyFiltered") : t("portal.customers.empty")}</p>
      ) : (
        <table className="responsive-table">
          <thead>
            <tr>
              <th scope="col">{columns.name}</th>
              <th scope="col">{columns.kind}</th>
              <th scope="col">{columns.city}</th>
              <th scope="col">{columns.phone}</th>
              <th scope="col">{columns.protection}</th>
              <th scope="col">{columns.lifecycle}</th>
              <th scope="col">{columns.segment}</th>
              <th scope="col">{columns.tags}</th>
              <PluginColumnHeads columns={plugins.columns} />
            </tr>
          </thead>
          <tbody>
            {items.map((customer) => (
              <tr key={customer.id}>
                <td className="cell-title" data-label={columns.name}>
                  <Link to={`/customers/${customer.id}`}>{customer.name}</Link>
                  {customer.heldBy ? <span className="held-by">{t("portal.customers.bySubDealer", { partner: customer.heldBy })}</span> : null}
                </td>
                <td data-label={columns.kind}>{t(`portal.customerKind.${customer.kind}`)}</td>
                <td data-label={columns.city}>{customer.city ?? <span className="muted">{t("common.none")}</span>}</td>
                <td data-label={columns.phone}>
                  {customer.phone ? (
                    <a href={`tel:${customer.phone}`}>{displayPhone(customer.phone)}</a>
                  ) : (
                    <span className="muted">{t("common.none")}</span>
                  )}
                </td>
                <td data-label={columns.protection}>
                  <Protection until={customer.protectedUntil} now={now} />
                </td>
                <td data-label={columns.lifecycle}>
                  <span className={`badge lifecycle-${customer.lifecycleStage}`}>{stage(customer.lifecycleStage)}</span>
                </td>
                <td data-label={columns.segment}>
                  <RfmSegment segment={customer.rfmSegment} score={customer.rfmScore} />
                </td>
                <td data-label={columns.tags}>
                  <TagChips tags={customer.tags} />
                </td>
                <PluginColumnCells columns={plugins.columns} values={customer.customFields} titles={plugins.titles} app={pluginApp} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pager" aria-label={t("portal.leads.pagination")}>
        {cursor ? (
          <Link to={customersUrl(filters)} className="button">
            {t("common.actions.first")}
          </Link>
        ) : null}
        {nextCursor ? (
          <Link to={customersUrl(filters, nextCursor)} className="button">
            {t("common.actions.next")}
          </Link>
        ) : null}
        <span className="muted pager-hint">{t("portal.customers.pageHint", { count: PAGE_SIZE })}</span>
      </nav>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };

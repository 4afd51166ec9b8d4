import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LIFECYCLE_STAGES, RFM_SEGMENTS } from "@qudao/core/schemas";
import { PluginColumnCells, PluginColumnHeads } from "@qudao/ui/plugin-columns";
import { pluginListColumns } from "@qudao/ui/plugin-columns.server";
import { requireSignedIn } from "~/.server/request.server";
import { LifecycleBadge, RfmSegment, TagChips } from "~/components/customer-segments";
import { DateTime } from "~/components/date-time";
import { ExportButtons } from "@qudao/ui/export-buttons";
import { Notice } from "~/components/notice";
import { pageTitle } from "~/components/page-title";
import { Pager } from "~/components/pager";
import { pluginLinks, usePluginConventions } from "~/components/plugin-conventions";
import { throwPublicError } from "~/components/public-error.server";
import { CustomerKind } from "~/components/registration-badges";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import { SavedFilters } from "~/components/saved-filters";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "platform.customers.title");
export const links: LinksFunction = () => pluginLinks();

/** `?owner=` is a partner id, or "pool" for the public pool (公海). */
const POOL = "pool";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `?tagId=&lifecycleStage=&rfmSegment=` as the list (and the export, and a saved filter) take them; unknown values are ignored. */
function segmentFilters(params: URLSearchParams): { tagId: string; lifecycleStage: string; rfmSegment: (typeof RFM_SEGMENTS)[number] | "" } {
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
  const q = params.get("q")?.trim() ?? "";
  const owner = params.get("owner")?.trim() ?? "";
  const cursor = params.get("cursor") || undefined;
  const segments = segmentFilters(params);
  try {
    const [page, partners, tags] = await Promise.all([
      caller.customers.list({
        ...(q ? { q } : {}),
        // The list procedure takes its flags as query strings (REST and tRPC share one input schema).
        ...(owner === POOL ? { inPool: "true" } : owner ? { ownerPartnerId: owner } : {}),
        ...(segments.tagId ? { tagId: segments.tagId } : {}),
        ...(segments.lifecycleStage ? { lifecycleStage: segments.lifecycleStage } : {}),
        ...(segments.rfmSegment ? { rfmSegment: segments.rfmSegment } : {}),
        ...(cursor ? { cursor } : {}),
      }),
      caller.partners.options(),
      caller.tags.list({ scope: "platform", limit: 200 }),
    ]);
    const tagOptions = tags.items.map((tag) => ({ id: tag.id, name: tag.name })).sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
    // Plugin fields the installed plugins show as customer columns.
    const plugins = await pluginListColumns(caller, actor, { surface: "platform", object: "customer", locale: ctx.locale }, page.items);
    return json({ ...page, plugins, partners, tags: tagOptions, filters: { q, owner, ...segments } });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export default function CustomerList() {
  const { items, plugins, nextCursor, partners, tags, filters } = useLoaderData<typeof loader>();
  const pluginApp = usePluginConventions();
  const { t } = useTranslation();
  const searching = useNavigation().state === "loading";
  return (
    <>
      <div className="page-head">
        <h1>{t("platform.customers.title")}</h1>
        <ExportButtons
          entity="customers"
          filter={{
            q: filters.q,
            ...(filters.owner === POOL ? { inPool: "true" } : { ownerPartnerId: filters.owner }),
            tagId: filters.tagId,
            lifecycleStage: filters.lifecycleStage,
            rfmSegment: filters.rfmSegment,
          }}
        />
      </div>
      <Notice />
      <Form method="get" className="toolbar" role="search">
        <label>
          {t("platform.customers.searchLabel")}
          <input type="search" name="q" defaultValue={filters.q} placeholder={t("platform.customers.searchPlaceholder")} />
        </label>
        <label>
          {t("platform.customers.ownerLabel")}
          <select name="owner" defaultValue={filters.owner}>
            <option value="">{t("platform.customers.anyOwner")}</option>
            <option value={POOL}>{t("platform.publicPool")}</option>
            {partners.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("segments.filters.tag")}
          <select name="tagId" defaultValue={filters.tagId}>
            <option value="">{t("segments.filters.anyTag")}</option>
            {tags.map((tag) => (
              <option key={tag.id} value={tag.id}>
                {tag.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("segments.filters.stage")}
          <select name="lifecycleStage" defaultValue={filters.lifecycleStage}>
            <option value="">{t("segments.filters.anyStage")}</option>
            {LIFECYCLE_STAGES.map((stage) => (
              <option key={stage} value={stage}>
                {t(`common.lifecycle.${stage}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("segments.filters.segment")}
          <select name="rfmSegment" defaultValue={filters.rfmSegment}>
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
        {filters.q || filters.owner || filters.tagId || filters.lifecycleStage || filters.rfmSegment ? (
          <Link to="/customers" className="button">
            {t("common.actions.reset")}
          </Link>
        ) : null}
      </Form>
      <SavedFilters entity="customers" />
      {items.length === 0 ? (
        <p className="empty">{t("platform.customers.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("platform.customers.columns.name")}</th>
                <th scope="col">{t("platform.customers.columns.kind")}</th>
                <th scope="col">{t("platform.customers.columns.city")}</th>
                <th scope="col">{t("platform.customers.columns.owner")}</th>
                <th scope="col">{t("segments.lifecycle.stage")}</th>
                <th scope="col">{t("segments.rfm.label")}</th>
                <th scope="col">{t("segments.tags.title")}</th>
                <th scope="col">{t("platform.customers.columns.protectedUntil")}</th>
                <th scope="col">{t("platform.customers.columns.created")}</th>
                <PluginColumnHeads columns={plugins.columns} />
              </tr>
            </thead>
            <tbody>
              {items.map((customer) => (
                <tr key={customer.id}>
                  <td>
                    <Link to={`/customers/${customer.id}`} className="strong">
                      {customer.name}
                    </Link>
                  </td>
                  <td>
                    <CustomerKind kind={customer.kind} />
                  </td>
                  <td>{customer.city ?? <span className="muted">—</span>}</td>
                  <td>
                    {customer.ownerPartnerId ? (
                      <Link to={`/partners/${customer.ownerPartnerId}`} className="partner-name">
                        {customer.ownerPartnerName}
                      </Link>
                    ) : (
                      <span className="badge pool">{t("platform.publicPool")}</span>
                    )}
                  </td>
                  <td>
                    <LifecycleBadge stage={customer.lifecycleStage} />
                  </td>
                  <td>
                    <RfmSegment segment={customer.rfmSegment} score={customer.rfmScore} />
                  </td>
                  <td>
                    <TagChips tags={customer.tags} />
                  </td>
                  <td className="nowrap">
                    <DateTime value={customer.protectedUntil} style="date" />
                  </td>
                  <td className="nowrap">
                    <DateTime value={customer.createdAt} style="date" />
                  </td>
                  <PluginColumnCells columns={plugins.columns} values={customer.customFields} titles={plugins.titles} app={pluginApp} />
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

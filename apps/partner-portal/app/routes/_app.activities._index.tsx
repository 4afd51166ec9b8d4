import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PluginColumnLines } from "@qudao/ui/plugin-columns";
import { pluginListColumns } from "@qudao/ui/plugin-columns.server";
import { errorResponse, requireSignedIn } from "~/.server/request.server";
import { ActivityTimeline } from "~/components/activity-timeline";
import { pluginLinks, usePluginConventions } from "~/components/plugin-conventions";
import { quickLogLinks } from "~/components/quick-log";
import { RouteErrorBoundary } from "~/components/route-error";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "work.portal.timeline.title");
export const links: LinksFunction = () => [...quickLogLinks(), ...pluginLinks()];

const PAGE_SIZE = 30;
const TARGETS = ["leadId", "customerId", "opportunityId"] as const;

/** A record's whole timeline (?leadId=…), or my recent activity (no record), a page at a time. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const params = new URL(request.url).searchParams;
  const target = Object.fromEntries(TARGETS.flatMap((key) => (params.get(key) ? [[key, params.get(key)!]] : [])));
  const cursor = params.get("cursor") ?? "";
  const page = await caller.activities
    .list({ ...target, ...(Object.keys(target).length === 0 ? { mine: "true" } : {}), limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) })
    .catch((error: unknown) => errorResponse(error, ctx));
  // Plugin fields the installed plugins show as activity columns: a line each under the entry.
  const plugins = await pluginListColumns(caller, actor, { surface: "portal", object: "activity", locale: ctx.locale }, page.items).catch((error: unknown) => errorResponse(error, ctx));
  const back = target.leadId ? `/leads/${target.leadId}` : target.customerId ? `/customers/${target.customerId}` : target.opportunityId ? `/opportunities/${target.opportunityId}` : null;
  return json({
    me: actor.userId,
    back,
    target,
    nextCursor: page.nextCursor,
    items: page.items.map((a) => ({ id: a.id, kind: a.kind, subject: a.subject, body: a.body, occurredAt: a.occurredAt, durationMinutes: a.durationMinutes, authorId: a.authorId, authorName: a.authorName })),
    plugins,
    customFields: Object.fromEntries(page.items.map((a) => [a.id, a.customFields])),
  });
}

export default function Activities() {
  const { me, back, target, items, nextCursor, plugins, customFields } = useLoaderData<typeof loader>();
  const pluginApp = usePluginConventions();
  const { t } = useTranslation();
  const location = useLocation();
  const more = nextCursor ? `?${new URLSearchParams({ ...target, cursor: nextCursor }).toString()}` : null;
  return (
    <>
      <div className="page-head">
        <h1>{t("work.portal.timeline.title")}</h1>
        {back ? (
          <Link to={back} className="button link-button">
            {t("common.actions.back")}
          </Link>
        ) : null}
      </div>
      <ActivityTimeline
        items={items}
        me={me}
        moreHref={more}
        returnTo={`${location.pathname}${location.search}`}
        details={(id) => <PluginColumnLines columns={plugins.columns} values={customFields[id]} titles={plugins.titles} app={pluginApp} />}
      />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };

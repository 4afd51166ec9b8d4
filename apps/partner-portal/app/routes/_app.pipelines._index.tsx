import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { errorResponse, requireSignedIn } from "~/.server/request.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { pageTitle } from "~/i18n";
import styles from "~/opportunities.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "opportunities.meta.pipelines");

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const pipelines = await caller.pipelines.list({ includeArchived: "true" }).catch((error: unknown) => errorResponse(error, ctx));
  return json({ pipelines: pipelines.items, actorPartnerId: actor.partnerId, isAdmin: actor.role === "admin" });
}

export default function Pipelines() {
  const { pipelines, actorPartnerId, isAdmin } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const { t } = useTranslation();
  // Pipelines a plugin brought are not the partner's own: the plugin keeps them.
  const own = pipelines.filter((p) => p.partnerId === actorPartnerId && !p.pluginId);
  const notice = search.get("notice");
  return (
    <>
      <div className="page-head">
        <h1>{t("pipeline.editor.title")}</h1>
        {isAdmin ? (
          <Link to="/pipelines/new" className="button primary">
            {t("pipeline.editor.newPipeline")}
          </Link>
        ) : null}
      </div>
      {notice === "archived" ? (
        <p className="notice" role="status">
          {t("pipeline.editor.archivedNotice")}
        </p>
      ) : null}
      <p className="muted">{t("pipeline.editor.intro")}</p>
      {own.length === 0 ? <p className="muted">{t("pipeline.editor.empty")}</p> : null}
      <ul className="pipeline-list">
        {pipelines.map((p) => (
          <li key={p.id} className="card pipeline-item" data-pipeline-id={p.id}>
            <div>
              <strong>
                <Link to={`/pipelines/${p.id}`}>{p.name}</Link>
              </strong>{" "}
              {p.pluginName ? <span className="badge">{t("pluginPipelines.settings.pluginBadge", { plugin: p.pluginName })}</span> : null}
              {p.partnerId === null && !p.pluginId ? <span className="badge">{t("pipeline.editor.platformBadge")}</span> : null}
              {p.partnerId === actorPartnerId && !p.pluginId ? <span className="badge">{t("pipeline.editor.ownBadge")}</span> : null}
              {p.partnerId !== null && p.partnerId !== actorPartnerId ? <span className="badge">{t("pipeline.editor.subDealerBadge", { name: p.partnerName ?? "" })}</span> : null}
              {p.isDefault && p.partnerId !== null ? <span className="badge registration-accepted">{t("pipeline.editor.defaultBadge")}</span> : null}
              {p.archivedAt ? <span className="badge registration-expired">{t("pipeline.editor.archived")}</span> : null}
              <ul className="stage-chips" aria-label={t("pipeline.editor.stageCount", { count: p.stages.filter((s) => !s.archivedAt).length })}>
                {p.stages
                  .filter((s) => !s.archivedAt)
                  .map((s) => (
                    <li key={s.id}>
                      {s.name} · {s.probability}%
                    </li>
                  ))}
              </ul>
            </div>
            <Link to={`/pipelines/${p.id}`} className="button">
              {p.editable && !p.archivedAt ? t("pipeline.editor.edit") : t("pipeline.editor.viewOnly")}
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };

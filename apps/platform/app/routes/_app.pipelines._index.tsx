import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireSignedIn } from "~/.server/request.server";
import { pageTitle } from "~/components/page-title";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import styles from "~/opportunities.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "opportunities.meta.pipelines");

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  try {
    const pipelines = await caller.pipelines.list({});
    return json({ pipelines: pipelines.items });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export default function PlatformPipelines() {
  const { pipelines } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <div className="page-head">
        <h1>{t("pipeline.editor.title")}</h1>
      </div>
      <p className="muted">{t("pipeline.editor.platformIntro")}</p>
      {pipelines.map((p) => (
        <section key={p.id} className="card">
          <h2>
            <Link to={`/pipelines/${p.id}`}>{p.name}</Link> {p.isDefault ? <span className="badge">{t("pipeline.editor.platformBadge")}</span> : null}
            {p.pluginName ? <span className="badge">{t("pluginPipelines.settings.pluginBadge", { plugin: p.pluginName })}</span> : null}
          </h2>
          <ul className="stage-chips" aria-label={t("pipeline.editor.stageCount", { count: p.stages.length })}>
            {p.stages.map((s) => (
              <li key={s.id}>
                {s.name} · {s.probability}% · {t(`pipeline.kind.${s.kind}`)}
              </li>
            ))}
          </ul>
          <p>
            <Link to={`/pipelines/${p.id}`} className="button">
              {p.editable ? t("pipeline.editor.edit") : t("pipeline.editor.viewOnly")}
            </Link>
          </p>
        </section>
      ))}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };

import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { pageTitle } from "~/components/page-title";
import { PipelineEditor, readStageRows, stageInput } from "~/components/pipeline-editor";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import styles from "~/opportunities.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "opportunities.meta.pipelines", data?.pipeline.name ?? null);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  try {
    return json({ pipeline: await caller.pipelines.get({ id: params.pipelineId ?? "" }) });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const id = params.pipelineId ?? "";
  const rows = readStageRows(form);
  const name = String(form.get("name") ?? "");
  try {
    await caller.pipelines.update({ id, name, stages: stageInput(rows) });
    return redirect(`/pipelines/${id}?saved=1`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ ...body, values: { name, rows } }, { status });
  }
}

export default function PlatformPipeline() {
  const { pipeline } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const rows = pipeline.stages.map((s) => ({ id: s.id, name: s.name, probability: String(s.probability), kind: s.kind }));
  return (
    <>
      <div className="page-head">
        <h1>{pipeline.editable ? t("pipeline.editor.editTitle", { name: pipeline.name }) : pipeline.name}</h1>
        <Link to="/pipelines" className="button">
          {t("pipeline.editor.back")}
        </Link>
      </div>
      {search.get("saved") ? (
        <p role="status" className="notice">
          {t("pipeline.editor.saved")}
        </p>
      ) : null}
      {pipeline.pluginName ? (
        <p className="muted" role="note">
          {t("pluginPipelines.settings.pluginReadOnly", { plugin: pipeline.pluginName })}
        </p>
      ) : (
        <p className="muted">{t("pipeline.editor.platformIntro")}</p>
      )}
      <PipelineEditor key={JSON.stringify(rows)} name={result?.values.name ?? pipeline.name} rows={result?.values.rows ?? rows} error={result?.error} busy={busy} readOnly={!pipeline.editable} />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };

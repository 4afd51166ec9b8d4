import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actionError, errorResponse, requireSignedIn } from "~/.server/request.server";
import { PipelineEditor, readStageRows, stageInput } from "~/components/opportunities/pipeline-editor";
import { RouteErrorBoundary } from "~/components/route-error";
import { pageTitle } from "~/i18n";
import styles from "~/opportunities.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "opportunities.meta.pipelines");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const pipeline = await caller.pipelines.get({ id: params.id ?? "" }).catch((error: unknown) => errorResponse(error, ctx));
  return json({ pipeline });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const id = params.id ?? "";
  if (form.get("intent") === "archive") {
    try {
      await caller.pipelines.archive({ id });
      return redirect("/pipelines?notice=archived");
    } catch (error) {
      const { body, status } = actionError(error, ctx);
      return json({ ...body, values: null }, { status });
    }
  }
  const rows = readStageRows(form);
  const name = String(form.get("name") ?? "");
  const isDefault = form.get("isDefault") === "true";
  try {
    await caller.pipelines.update({ id, name, isDefault, stages: stageInput(rows) });
    return redirect(`/pipelines/${id}?notice=saved`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ ...body, values: { name, isDefault, rows } }, { status });
  }
}

export default function EditPipeline() {
  const { pipeline } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const readOnly = !pipeline.editable || pipeline.archivedAt !== null;
  const rows = pipeline.stages.filter((s) => !s.archivedAt).map((s) => ({ id: s.id, name: s.name, probability: String(s.probability), kind: s.kind }));
  const notice = search.get("notice");
  return (
    <>
      <div className="page-head">
        <h1>{readOnly ? pipeline.name : t("pipeline.editor.editTitle", { name: pipeline.name })}</h1>
        <Link to="/pipelines" className="button link-button">
          {t("pipeline.editor.back")}
        </Link>
      </div>
      {notice === "saved" || notice === "created" ? (
        <p className="notice" role="status">
          {t(notice === "saved" ? "pipeline.editor.saved" : "pipeline.editor.created")}
        </p>
      ) : null}
      {pipeline.pluginName ? (
        <p className="muted" role="note">
          {t("pluginPipelines.settings.pluginReadOnly", { plugin: pipeline.pluginName })}
        </p>
      ) : readOnly && pipeline.partnerId === null ? (
        <p className="muted">{t("pipeline.editor.readOnly")}</p>
      ) : null}
      <PipelineEditor
        key={JSON.stringify(rows)}
        name={result?.values?.name ?? pipeline.name}
        isDefault={pipeline.partnerId === null ? null : (result?.values?.isDefault ?? pipeline.isDefault)}
        rows={result?.values?.rows ?? rows}
        fieldErrors={result?.error.fields ?? {}}
        formError={result?.error.message}
        submission={result}
        submitLabel={t("pipeline.editor.save")}
        busy={busy}
        readOnly={readOnly}
      />
      {pipeline.editable && !pipeline.archivedAt && !(pipeline.partnerId === null && pipeline.isDefault) ? (
        <Form
          method="post"
          className="card danger-zone"
          onSubmit={(event) => {
            if (!window.confirm(t("pipeline.editor.archiveConfirm"))) event.preventDefault();
          }}
        >
          <button type="submit" name="intent" value="archive" className="danger">
            {t("pipeline.editor.archive")}
          </button>
        </Form>
      ) : null}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };

import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actionError, errorResponse, requireSignedIn } from "~/.server/request.server";
import { PipelineEditor, readStageRows, stageInput } from "~/components/opportunities/pipeline-editor";
import { RouteErrorBoundary } from "~/components/route-error";
import { pageTitle } from "~/i18n";
import styles from "~/opportunities.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "opportunities.meta.pipelines");

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  // Start from the platform's default stages (in the admin's language), to rename and adjust.
  const pipelines = await caller.pipelines.list({}).catch((error: unknown) => errorResponse(error, ctx));
  const template = pipelines.items.find((p) => p.partnerId === null && p.isDefault) ?? pipelines.items[0];
  return json({ rows: (template?.stages ?? []).map((s) => ({ name: s.name, probability: String(s.probability), kind: s.kind })) });
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const rows = readStageRows(form);
  const name = String(form.get("name") ?? "");
  const isDefault = form.get("isDefault") === "true";
  try {
    const created = await caller.pipelines.create({ name, isDefault, stages: stageInput(rows) });
    return redirect(`/pipelines/${created.id}?notice=created`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ ...body, values: { name, isDefault, rows } }, { status });
  }
}

export default function NewPipeline() {
  const { rows } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <div className="page-head">
        <h1>{t("pipeline.editor.newTitle")}</h1>
        <Link to="/pipelines" className="button link-button">
          {t("pipeline.editor.back")}
        </Link>
      </div>
      <p className="muted">{t("pipeline.editor.intro")}</p>
      <PipelineEditor
        name={result?.values.name ?? ""}
        isDefault={result?.values.isDefault ?? true}
        rows={result?.values.rows ?? rows}
        fieldErrors={result?.error.fields ?? {}}
        formError={result?.error.message}
        submission={result}
        submitLabel={t("pipeline.editor.create")}
        busy={busy}
      />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };

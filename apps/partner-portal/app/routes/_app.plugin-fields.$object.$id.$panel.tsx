import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { Locale } from "@qudao/core/i18n";
import { notFound } from "@qudao/core/server";
import { PANEL_SAVED_PARAM, PluginPanelEditPage } from "@qudao/ui/plugin-panels";
import { pluginPanelEditor, savePluginPanel, type CoreRecordObject } from "@qudao/ui/plugin-panels.server";
import { errorResponse, requireSignedIn } from "~/.server/request.server";
import { CORE_RECORD_PAGES, pluginLinks, usePluginConventions } from "~/components/plugin-conventions";
import { RouteErrorBoundary } from "~/components/route-error";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "pluginPanels.meta.edit");
export const links = pluginLinks;

/** The record a panel belongs to, from the address: only core objects with a page here. */
function panelRecord(params: LoaderFunctionArgs["params"], ctx: { locale: Locale }): { object: CoreRecordObject; id: string; key: string; back: string } {
  const object = params.object ?? "";
  const page = CORE_RECORD_PAGES[object];
  if (!page) return errorResponse(notFound("RecordPanel"), ctx);
  const id = params.id ?? "";
  return { object: object as CoreRecordObject, id, key: params.panel ?? "", back: `${page}/${id}` };
}

/** A plugin panel's fields on a core record, for editing (a record the user cannot see is the 404 page). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const { object, id, key, back } = panelRecord(params, ctx);
  try {
    const editor = await pluginPanelEditor(caller, actor, { surface: "portal", object, id, locale: ctx.locale }, key);
    return json({ editor, back });
  } catch (error) {
    return errorResponse(error, ctx);
  }
}

/** Saved: back to the record with a notice; refused (core's checks, the plugins' validate hooks): the form again with the errors on its fields. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const { object, id, key, back } = panelRecord(params, ctx);
  const result = await savePluginPanel(caller, actor, { surface: "portal", object, id, locale: ctx.locale }, key, await request.formData());
  if (result.saved) return redirect(`${back}?${new URLSearchParams({ [PANEL_SAVED_PARAM]: key }).toString()}`);
  return json(result, { status: result.status });
}

export default function EditPluginPanel() {
  const { editor, back } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const app = usePluginConventions();
  const busy = useNavigation().state === "submitting";
  return <PluginPanelEditPage editor={editor} result={result} busy={busy} back={back} app={app} />;
}

export { RouteErrorBoundary as ErrorBoundary };

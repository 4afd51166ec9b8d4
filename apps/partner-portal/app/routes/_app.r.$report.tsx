import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { PluginReportView } from "@qudao/ui/plugin-reports";
import { pluginReportPage, reportSearchFromForm } from "@qudao/ui/plugin-reports.server";
import reportStyles from "@qudao/ui/plugin-reports.css?url";
import { localized } from "@qudao/ui/plugin-texts";
import { errorResponse, requireSignedIn } from "~/.server/request.server";
import { pluginLinks, usePluginConventions } from "~/components/plugin-conventions";
import { RouteErrorBoundary } from "~/components/route-error";
import { pageTitle } from "~/i18n";

export const links: LinksFunction = () => [...pluginLinks(), { rel: "stylesheet", href: reportStyles }];

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? pageTitle(matches, "pluginReports.meta.report", { report: data.title }) : pageTitle(matches, "portal.meta.error");

/**
 * `/r/<report>?<filters>`: a plugin's report computed for the user's partner (the plugin decides what
 * a rep sees of it), with its filter form, table, totals, notes and CSV download.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  try {
    const page = await pluginReportPage(caller, params.report ?? "", new URL(request.url).searchParams, ctx.locale);
    return json({ ...page, title: localized(page.report.label, ctx.locale) });
  } catch (error) {
    return errorResponse(error, ctx);
  }
}

/** The filter form posts here; the report then opens with the filters in its address (shareable, reloadable). */
export async function action({ request, params }: ActionFunctionArgs) {
  await requireSignedIn(request);
  return redirect(reportSearchFromForm(params.report ?? "", await request.formData()));
}

export default function PluginReport() {
  const page = useLoaderData<typeof loader>();
  const location = useLocation();
  const navigation = useNavigation();
  const app = usePluginConventions();
  return <PluginReportView page={page} app={app} busy={navigation.state !== "idle"} submission={location.key} />;
}

export { RouteErrorBoundary as ErrorBoundary };

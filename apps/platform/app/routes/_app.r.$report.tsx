import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { PluginReportView } from "@qudao/ui/plugin-reports";
import { pluginReportPage, reportSearchFromForm } from "@qudao/ui/plugin-reports.server";
import reportStyles from "@qudao/ui/plugin-reports.css?url";
import { localized } from "@qudao/ui/plugin-texts";
import { requireSignedIn } from "~/.server/request.server";
import { pageTitle } from "~/components/page-title";
import { pluginLinks, usePluginConventions } from "~/components/plugin-conventions";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const links: LinksFunction = () => [...pluginLinks(), { rel: "stylesheet", href: reportStyles }];

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "pluginReports.meta.section", data?.title);

/**
 * `/r/<report>?<filters>`: a plugin's report for staff, computed in the platform tenant (every
 * partner's data the plugin may read), with its filter form, table, totals, notes and CSV download.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  try {
    const page = await pluginReportPage(caller, params.report ?? "", new URL(request.url).searchParams, ctx.locale);
    return json({ ...page, title: localized(page.report.label, ctx.locale) });
  } catch (error) {
    throwPublicError(error, ctx);
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
  // Partners have pages in the console: a report's partner column links to them.
  const conventions = { ...app, coreHref: (object: string, id: string) => (object === "partner" ? `/partners/${id}` : app.coreHref(object, id)) };
  return <PluginReportView page={page} app={conventions} busy={navigation.state !== "idle"} submission={location.key} />;
}

export { RouteErrorBoundary as ErrorBoundary };

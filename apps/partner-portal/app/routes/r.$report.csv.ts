import type { LoaderFunctionArgs } from "@remix-run/node";
import { displayTimeZone, errorResponse, requireSignedIn } from "~/.server/request.server";
import { pluginReportCsv } from "@qudao/ui/plugin-reports.server";

/** `/r/<report>/csv?<filters>`: the report as the page shows it, as a CSV file in the user's scope and language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  try {
    const file = await pluginReportCsv(caller, actor, params.report ?? "", new URL(request.url).searchParams, ctx.locale, displayTimeZone());
    return new Response(file.body, {
      headers: { "content-type": file.contentType, "content-disposition": file.disposition, "cache-control": "no-store", "x-content-type-options": "nosniff" },
    });
  } catch (error) {
    return errorResponse(error, ctx);
  }
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { displayTimeZone } from "@qudao/core/server";
import { pluginReportCsv } from "@qudao/ui/plugin-reports.server";
import { requireSignedIn } from "~/.server/request.server";
import { throwPublicError } from "~/components/public-error.server";

/** `/r/<report>/csv?<filters>`: the report as the page shows it, as a CSV file in the staff member's language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  try {
    const file = await pluginReportCsv(caller, actor, params.report ?? "", new URL(request.url).searchParams, ctx.locale, displayTimeZone());
    return new Response(file.body, {
      headers: { "content-type": file.contentType, "content-disposition": file.disposition, "cache-control": "no-store", "x-content-type-options": "nosniff" },
    });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

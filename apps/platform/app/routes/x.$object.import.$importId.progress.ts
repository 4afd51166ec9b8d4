import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireSignedIn } from "~/.server/request.server";
import { throwPublicError } from "~/components/public-error.server";

/** What a plugin records import's page polls (every 500 ms while it runs): status and counters only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  try {
    const job = await caller.imports.get({ id: params.importId ?? "" });
    return json(
      { status: job.status, mode: job.mode, totalRows: job.totalRows, processedRows: job.processedRows, importedRows: job.importedRows, errorRows: job.errorRows },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

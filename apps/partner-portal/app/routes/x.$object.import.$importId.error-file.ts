import type { LoaderFunctionArgs } from "@remix-run/node";
import { contentDisposition } from "@qudao/core/server";
import { errorResponse, requireSignedIn } from "~/.server/request.server";

/** The rows a plugin records import did not take, as a CSV (row number, original cells, reason). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const file = await caller.imports.errorFile({ id: params.importId ?? "" }).catch((error: unknown) => errorResponse(error, ctx));
  return new Response(Buffer.from(file.content, "base64"), {
    headers: { "content-type": file.contentType, "content-disposition": contentDisposition(file.fileName, "import-errors.csv"), "cache-control": "no-store" },
  });
}

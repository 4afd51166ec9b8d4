import type { LoaderFunctionArgs } from "@remix-run/node";
import { contentDisposition } from "@qudao/core/server";
import { requireSignedIn } from "~/.server/request.server";
import { throwPublicError } from "~/components/public-error.server";

/** The rows a plugin records import did not take, as a CSV (row number, original cells, reason). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  try {
    const file = await caller.imports.errorFile({ id: params.importId ?? "" });
    return new Response(Buffer.from(file.content, "base64"), {
      headers: { "content-type": file.contentType, "content-disposition": contentDisposition(file.fileName, "import-errors.csv"), "cache-control": "no-store" },
    });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

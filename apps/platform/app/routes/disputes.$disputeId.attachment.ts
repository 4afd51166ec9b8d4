import type { LoaderFunctionArgs } from "@remix-run/node";
import { contentDisposition } from "@qudao/core/server";
import { requireSignedIn } from "~/.server/request.server";
import { throwPublicError } from "~/components/public-error.server";

/** The file a partner attached to its dispute, downloaded as it was uploaded. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  try {
    const file = await caller.disputes.attachment({ id: params.disputeId ?? "" });
    const extension = /\.([A-Za-z0-9]+)$/.exec(file.fileName)?.[1]?.toLowerCase() ?? "bin";
    return new Response(Buffer.from(file.contentBase64, "base64"), {
      headers: {
        "content-type": file.contentType,
        "content-disposition": contentDisposition(file.fileName, `dispute-attachment.${extension}`),
        // A partner's file is shown as a download, never run in the console's origin.
        "x-content-type-options": "nosniff",
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

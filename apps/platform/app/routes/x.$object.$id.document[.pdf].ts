import type { LoaderFunctionArgs } from "@remix-run/node";
import { contentDisposition, renderRecordDocument, runAsActor } from "@qudao/core/server";
import { requireSignedIn } from "~/.server/request.server";
import { throwPublicError } from "~/components/public-error.server";

/** A plugin record's PDF document (its object's `views.document`), in the reader's language; 404 for a record they cannot see. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, actor } = await requireSignedIn(request);
  try {
    const document = await runAsActor(actor, () => renderRecordDocument(actor, params.object ?? "", params.id ?? "", ctx.locale));
    return new Response(new Uint8Array(document.bytes), {
      headers: { "content-type": document.contentType, "content-disposition": contentDisposition(document.fileName, "document.pdf"), "cache-control": "private, no-store" },
    });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

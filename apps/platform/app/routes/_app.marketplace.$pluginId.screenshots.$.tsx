import type { LoaderFunctionArgs } from "@remix-run/node";
import { marketplaceScreenshot, runAsActor } from "@qudao/core/server";
import { requireSignedIn } from "~/.server/request.server";
import { throwPublicError } from "~/components/public-error.server";

/**
 * A listing screenshot (`/marketplace/<plugin>/screenshots/assets/<file>.png`) from the plugin's latest
 * approved package, for staff who may read the marketplace (a resource route: no page around it).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, actor } = await requireSignedIn(request);
  try {
    const png = await runAsActor(actor, () => marketplaceScreenshot(actor, params.pluginId ?? "", params["*"] ?? ""));
    return new Response(new Uint8Array(png), {
      headers: { "Content-Type": "image/png", "Content-Length": String(png.length), "Cache-Control": "private, max-age=300", "X-Content-Type-Options": "nosniff" },
    });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

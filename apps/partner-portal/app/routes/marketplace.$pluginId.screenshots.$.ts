import type { LoaderFunctionArgs } from "@remix-run/node";
import { marketplaceScreenshot, runAsActor } from "@qudao/core/server";
import { errorResponse, requireSignedIn } from "~/.server/request.server";

/**
 * A listing screenshot (`/marketplace/<plugin>/screenshots/assets/<file>.png`) from the plugin's
 * latest approved package, for those who may see the listing.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, actor } = await requireSignedIn(request);
  try {
    // Outside tRPC nothing binds the actor to the scoped data layer: the service reads in the user's scope.
    const png = await runAsActor(actor, () => marketplaceScreenshot(actor, params.pluginId ?? "", params["*"] ?? ""));
    return new Response(new Uint8Array(png), {
      headers: { "Content-Type": "image/png", "Content-Length": String(png.length), "Cache-Control": "private, max-age=300", "X-Content-Type-Options": "nosniff" },
    });
  } catch (error) {
    return errorResponse(error, ctx);
  }
}

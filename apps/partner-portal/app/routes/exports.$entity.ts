import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportList } from "@qudao/core/server";
import { errorResponse, requireSignedIn } from "~/.server/request.server";

/**
 * `/exports/<entity>?format=csv|xlsx&<the list's filters>`: the whole list as a file, in the
 * signed-in user's scope and language, streamed page by page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, actor } = await requireSignedIn(request);
  const search = new URL(request.url).searchParams;
  const query = Object.fromEntries([...search].filter(([key]) => key !== "format" && key !== "cursor"));
  try {
    const file = await exportList(actor, params.entity ?? "", search.get("format") ?? "csv", query, ctx.locale);
    return new Response(file.body, {
      headers: { "content-type": file.contentType, "content-disposition": file.disposition, "cache-control": "no-store", "x-content-type-options": "nosniff" },
    });
  } catch (error) {
    return errorResponse(error, ctx);
  }
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { errorResponse, requireSignedIn } from "~/.server/request.server";
import { uuidParam } from "~/components/opportunities/params";

/** "Load more" of one board column (fetched by the board; no page of its own). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const search = new URL(request.url).searchParams;
  const partnerId = uuidParam(search, "partnerId");
  const ownerId = uuidParam(search, "ownerId");
  const cursor = uuidParam(search, "cursor");
  const page = await caller.opportunities
    .boardColumn({ stageId: params.stageId ?? "", limit: 20, ...(partnerId ? { partnerId } : {}), ...(ownerId ? { ownerId } : {}), ...(cursor ? { cursor } : {}) })
    .catch((error: unknown) => errorResponse(error, ctx));
  return json(page);
}

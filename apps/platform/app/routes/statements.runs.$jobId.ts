import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireSignedIn } from "~/.server/request.server";
import { throwPublicError } from "~/components/public-error.server";

/** What the statements page polls (about every second) while a generation run is queued or running. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  try {
    const job = await caller.jobs.get({ id: params.jobId ?? "" });
    return json(job, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

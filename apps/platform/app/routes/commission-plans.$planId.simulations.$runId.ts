import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireSignedIn } from "~/.server/request.server";
import { throwPublicError } from "~/components/public-error.server";

/** What the plan page's simulation section polls (about every second) while a simulation is queued or running. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  try {
    const simulation = await caller.planSimulations.get({ id: params.planId ?? "", runId: params.runId ?? "" });
    return json(simulation, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

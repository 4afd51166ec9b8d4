import type { ActionFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import type { TActivityKind } from "@qudao/core/schemas";
import { actionError, formValues, requireSignedIn, safeNext } from "~/.server/request.server";

/**
 * The quick log's endpoint (components/quick-log.tsx). A fetcher gets JSON; a plain form post (no
 * JavaScript yet) goes back to the page it came from.
 */
export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const values = formValues(await request.formData(), ["kind", "leadId", "customerId", "opportunityId", "body", "returnTo"] as const);
  const navigating = (request.headers.get("accept") ?? "").includes("text/html");
  try {
    const activity = await caller.activities.create({
      // Core checks the kind; an unknown one comes back as a field error.
      kind: values.kind as TActivityKind,
      leadId: values.leadId || null,
      customerId: values.customerId || null,
      opportunityId: values.opportunityId || null,
      body: values.body,
    });
    if (navigating) return redirect(safeNext(values.returnTo, "/leads"));
    return json({ ok: true as const, id: activity.id, kind: activity.kind });
  } catch (error) {
    if (navigating) return redirect(safeNext(values.returnTo, "/leads"));
    const { body, status } = actionError(error, ctx);
    return json({ ok: false as const, ...body }, { status });
  }
}

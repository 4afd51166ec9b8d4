import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { formText } from "~/components/public-error.server";

/** Saves the opportunity settings (posted by the settings page's card; no page of its own). */
export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const stuckDays = formText(await request.formData(), "stuckDays");
  try {
    // A blank is sent as NaN, which core refuses under the field (never a silent default).
    await caller.opportunities.updateSettings({ stuckDays: stuckDays === "" ? Number.NaN : Number(stuckDays) });
    return json({ ok: true as const });
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ ok: false as const, ...body, values: { stuckDays } }, { status });
  }
}

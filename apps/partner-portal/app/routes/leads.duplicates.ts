import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { actionError, requireSignedIn } from "~/.server/request.server";

/** The lead form's "possible duplicate" check, called (debounced) while the user types. Only the actor's own records come back. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const params = new URL(request.url).searchParams;
  const text = (key: string) => (params.get(key) ?? "").slice(0, 200);
  const exclude = params.get("excludeLeadId");
  try {
    const found = await caller.leads.duplicates({
      name: text("name"),
      company: text("company"),
      phone: text("phone"),
      email: text("email"),
      ...(exclude ? { excludeLeadId: exclude } : {}),
    });
    return json(found);
  } catch (error) {
    // A warning, not a gate: when it cannot be computed, there is simply none.
    const { status } = actionError(error, ctx);
    return json({ leads: [], customers: [] }, { status: status >= 500 ? 500 : 200 });
  }
}

import type { ActionFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { actionError, requireSignedIn } from "~/.server/request.server";

/** Puts one of the partner's tags on a customer or takes it off (components/customer-tags-card posts here). */
export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value.trim() : "";
  };
  const intent = field("intent") === "untag" ? "untag" : "tag";
  const input = { id: field("customerId"), tagId: field("tagId") };
  try {
    if (intent === "tag") await caller.tags.applyToCustomer(input);
    else await caller.tags.removeFromCustomer(input);
    return json({ ok: true as const, intent });
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ ok: false as const, intent, ...body }, { status });
  }
}

export const loader = () => redirect("/customers");

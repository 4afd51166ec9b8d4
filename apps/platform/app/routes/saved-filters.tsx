import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { SAVED_FILTER_ENTITIES, type TSavedFilterEntity } from "@qudao/core/schemas";
import { DomainError } from "@qudao/core/server";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { formText, throwPublicError } from "~/components/public-error.server";

/** Saved filters of a list page (components/saved-filters): read with `?entity=`, changed with `intent`. */
function entityOf(value: string | null): TSavedFilterEntity | undefined {
  return SAVED_FILTER_ENTITIES.find((entity) => entity === value);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const entity = entityOf(new URL(request.url).searchParams.get("entity"));
  try {
    const { items } = await caller.savedFilters.list({ ...(entity ? { entity } : {}), limit: 200 });
    return json({ items: items.map(({ id, name, query, shared, mine, ownerName }) => ({ id, name, query, shared, mine, ownerName })) });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

/** The list's query string, as the form sent it (JSON of the URL's parameters). */
function queryOf(form: FormData): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(formText(form, "query") || "{}");
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
    }
  } catch {
    // answered below
  }
  throw new DomainError("VALIDATION_FAILED", { details: [{ path: "query", message: "errors.field.invalid" }] });
}

const INTENTS = ["create", "rename", "share", "unshare", "delete"] as const;

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const intent = INTENTS.find((i) => i === formText(form, "intent")) ?? "create";
  const id = formText(form, "id");
  const name = formText(form, "name");
  try {
    switch (intent) {
      case "create": {
        const created = await caller.savedFilters.create({ entity: formText(form, "entity") as TSavedFilterEntity, name, query: queryOf(form), shared: form.get("shared") === "on" });
        return json({ ok: true as const, intent, name: created.name });
      }
      case "rename":
        await caller.savedFilters.update({ id, name });
        return json({ ok: true as const, intent, name });
      case "share":
      case "unshare":
        await caller.savedFilters.update({ id, shared: intent === "share" });
        return json({ ok: true as const, intent, name });
      case "delete":
        await caller.savedFilters.delete({ id });
        return json({ ok: true as const, intent, name });
    }
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ ok: false as const, intent, ...body }, { status });
  }
}

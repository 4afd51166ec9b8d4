/** Loader failures as translated error responses for the route error boundary. */
import { json } from "@remix-run/node";
import type { Context } from "@qudao/core/server";
import { actionError } from "~/.server/request.server";

/**
 * Throws what core raised as `json({ code, message }, { status })`: NOT_FOUND becomes a 404 page,
 * FORBIDDEN a 403 page, a bad filter a 400 page — each with the message in the reader's language.
 */
export function throwPublicError(error: unknown, ctx: Pick<Context, "locale">): never {
  if (error instanceof Response) throw error;
  const { body, status } = actionError(error, ctx);
  // A bad filter or cursor in the URL: its own message says more than "check the marked fields".
  const details = Object.values(body.error.fields);
  const message = details.length > 0 ? details.join(" ") : body.error.message;
  throw json({ code: body.error.code, message }, { status });
}

/** A trimmed text field of a submitted form ("" when absent). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value.trim() : "";
}

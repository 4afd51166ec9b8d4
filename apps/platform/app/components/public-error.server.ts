/** Loader failures as translated error responses for the route error boundary. */
import { json, redirect } from "@remix-run/node";
import { loaderFailure, type Context } from "@qudao/core/server";

/**
 * Throws what core raised as `json({ code, message }, { status })`: NOT_FOUND becomes a 404 page,
 * FORBIDDEN a 403 page, a bad filter a 400 page — each with the message in the reader's language.
 */
export function throwPublicError(error: unknown, ctx: Pick<Context, "locale">): never {
  if (error instanceof Response) throw error;
  const failure = loaderFailure(error, ctx.locale);
  if (failure.signIn) throw redirect("/login");
  throw json({ code: failure.code, message: failure.message }, { status: failure.status });
}

/** A trimmed text field of a submitted form ("" when absent). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value.trim() : "";
}

import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { logout } from "@qudao/core/server";
import { clearedSessionCookie, requestContext } from "~/.server/request.server";

// Signing out invalidates the session on the server, not just the cookie.
export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requestContext(request);
  if (ctx.sessionId) await logout(ctx.sessionId);
  return redirect("/login", { headers: { "Set-Cookie": clearedSessionCookie(request) } });
}

export const loader = () => redirect("/");

import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { createCaller } from "@qudao/core/server";
import { isLocale } from "@qudao/core/i18n";
import { localeCookie, requestContext, safeNext } from "~/.server/request.server";

/** Language switcher: saved on the user when signed in, and in a cookie for the sign-in page. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const locale = String(form.get("locale") ?? "");
  const back = safeNext(form.get("next"));
  if (!isLocale(locale)) return redirect(back);
  const ctx = await requestContext(request);
  if (ctx.actor.kind === "platform" || ctx.actor.kind === "developer") await createCaller(ctx).preferences.setLocale({ locale });
  return redirect(back, { headers: { "Set-Cookie": localeCookie(locale) } });
}

export const loader = () => redirect("/");

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { login } from "@qudao/core/server";
import { actionError, requestContext, safeNext, sessionCookie } from "~/.server/request.server";
import { LanguageSwitcher } from "~/components/language-switcher";

export const meta: MetaFunction = () => [{ title: "Qudao" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requestContext(request);
  if (ctx.actor.kind === "platform") throw redirect("/");
  if (ctx.actor.kind === "developer") throw redirect("/developer");
  return json({});
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requestContext(request);
  const form = await request.formData();
  const email = String(form.get("email") ?? "");
  try {
    const result = await login({ email, password: String(form.get("password") ?? "") }, "platform", ctx.origin);
    return redirect(safeNext(form.get("next")), { headers: { "Set-Cookie": sessionCookie(request, result.token, result.expiresAt) } });
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ ...body, email }, { status });
  }
}

export default function Login() {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  return (
    <main className="auth-page">
      <div className="auth-card">
        <h1>{t("common.appName")}</h1>
        <p className="muted">{t("auth.platformTitle")}</p>
        <Form method="post" noValidate>
          <input type="hidden" name="next" value={params.get("next") ?? "/"} />
          {result?.error ? (
            <p role="alert" className="form-error">
              {result.error.message}
            </p>
          ) : null}
          <label>
            {t("auth.email")}
            <input name="email" type="email" autoComplete="username" defaultValue={result?.email} required autoFocus />
          </label>
          <label>
            {t("auth.password")}
            <input name="password" type="password" autoComplete="current-password" required />
          </label>
          <button type="submit" className="primary" disabled={busy}>
            {t("common.actions.signIn")}
          </button>
        </Form>
        <p className="muted">
          {t("pluginDeveloper.signup.loginPrompt")} <Link to="/developers/signup">{t("pluginDeveloper.signup.loginLink")}</Link>
        </p>
        <LanguageSwitcher />
      </div>
    </main>
  );
}

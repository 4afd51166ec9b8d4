import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { login } from "@qudao/core/server";
import { actionError, requestContext, safeNext, sessionCookie } from "~/.server/request.server";
import { LanguageSwitcher } from "~/components/language-switcher";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "portal.meta.login");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requestContext(request);
  if (ctx.actor.kind === "partner") throw redirect("/");
  return json({});
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requestContext(request);
  const form = await request.formData();
  const email = String(form.get("email") ?? "");
  try {
    // Core refuses platform staff here with WRONG_APP, and throttles repeated failures (429).
    const result = await login({ email, password: String(form.get("password") ?? "") }, "portal", ctx.origin);
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
  const fieldError = (name: string) => result?.error.fields[name];
  return (
    <main className="auth-page">
      <div className="auth-card">
        <h1>{t("common.appName")}</h1>
        <p className="muted">{t("auth.portalTitle")}</p>
        <Form method="post" noValidate>
          <input type="hidden" name="next" value={params.get("next") ?? "/"} />
          {result?.error ? (
            <p role="alert" className="form-error">
              {result.error.message}
            </p>
          ) : null}
          <label htmlFor="login-email">{t("auth.email")}</label>
          <input
            id="login-email"
            name="email"
            type="email"
            inputMode="email"
            autoComplete="username"
            defaultValue={result?.email}
            required
            autoFocus
            aria-invalid={fieldError("email") ? true : undefined}
            aria-describedby={fieldError("email") ? "login-email-error" : undefined}
          />
          {fieldError("email") ? (
            <p id="login-email-error" className="field-error">
              {fieldError("email")}
            </p>
          ) : null}
          <label htmlFor="login-password">{t("auth.password")}</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={fieldError("password") ? true : undefined}
            aria-describedby={fieldError("password") ? "login-password-error" : undefined}
          />
          {fieldError("password") ? (
            <p id="login-password-error" className="field-error">
              {fieldError("password")}
            </p>
          ) : null}
          <button type="submit" className="primary block" disabled={busy}>
            {t("common.actions.signIn")}
          </button>
        </Form>
        <LanguageSwitcher />
      </div>
    </main>
  );
}

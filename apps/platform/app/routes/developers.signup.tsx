import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { createCaller, formValues, login } from "@qudao/core/server";
import { actionError, requestContext, sessionCookie } from "~/.server/request.server";
import { FormError, FormField } from "~/components/form-field";
import { LanguageSwitcher } from "~/components/language-switcher";
import { pageTitle } from "~/components/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "pluginDeveloper.signup.title");

/** Public: anyone may open a developer account. Signed-in people go to their own console. */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requestContext(request);
  if (ctx.actor.kind === "developer") throw redirect("/developer");
  if (ctx.actor.kind === "platform") throw redirect("/");
  return json({});
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requestContext(request);
  const form = await request.formData();
  const values = formValues(form, ["name", "email"]);
  const password = String(form.get("password") ?? "");
  try {
    await createCaller(ctx).developerAccounts.register({ ...values, password, locale: ctx.locale });
    // The new account is signed in at once and lands on its (empty) plugin list with the publishing steps.
    const session = await login({ email: values.email, password }, "platform", ctx.origin);
    return redirect("/developer?welcome=1", { headers: { "Set-Cookie": sessionCookie(request, session.token, session.expiresAt) } });
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ ...body, values }, { status });
  }
}

export default function DeveloperSignUp() {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const fields = result?.error.fields ?? {};
  return (
    <main className="auth-page">
      <div className="auth-card">
        <h1>{t("pluginDeveloper.signup.title")}</h1>
        <p className="muted">{t("pluginDeveloper.signup.intro")}</p>
        <Form method="post" noValidate>
          <FormError error={result?.error} fieldNames={["name", "email", "password"]} />
          <FormField label={t("pluginDeveloper.signup.name")} name="name" error={fields.name} required>
            {(control) => <input {...control} type="text" autoComplete="name" maxLength={100} defaultValue={result?.values.name} autoFocus />}
          </FormField>
          <FormField label={t("auth.email")} name="email" error={fields.email} required>
            {(control) => <input {...control} type="email" autoComplete="email" maxLength={254} defaultValue={result?.values.email} />}
          </FormField>
          <FormField label={t("auth.password")} name="password" error={fields.password} hint={t("pluginDeveloper.signup.passwordHint")} required>
            {(control) => <input {...control} type="password" autoComplete="new-password" maxLength={200} />}
          </FormField>
          <button type="submit" className="primary" disabled={busy}>
            {t("pluginDeveloper.signup.submit")}
          </button>
        </Form>
        <p className="muted">
          {t("pluginDeveloper.signup.haveAccount")} <Link to="/login">{t("common.actions.signIn")}</Link>
        </p>
        <LanguageSwitcher />
      </div>
    </main>
  );
}

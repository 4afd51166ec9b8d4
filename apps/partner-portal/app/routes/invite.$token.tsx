import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { createCaller } from "@qudao/core/server";
import { actionError, errorResponse, requestContext, sessionCookie } from "~/.server/request.server";
import { Field, FormError } from "~/components/form-field";
import { LanguageSwitcher } from "~/components/language-switcher";
import { useDateFormat } from "~/date-format";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "team.accept.metaTitle");

/** The public accept page of an invite link: anyone holding the link may open it, nobody needs to be signed in. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requestContext(request);
  const invite = await createCaller(ctx)
    .team.invites.preview({ token: params.token ?? "" })
    .catch((error: unknown) => errorResponse(error, ctx));
  return json({ invite });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requestContext(request);
  const form = await request.formData();
  const name = String(form.get("name") ?? "");
  const password = String(form.get("password") ?? "");
  if (password !== String(form.get("passwordConfirm") ?? "")) {
    return json({ error: null, mismatch: true, name }, { status: 400 });
  }
  try {
    // Core creates the account and membership, then signs the new member in like the login form does.
    const session = await createCaller(ctx).team.invites.accept({ token: params.token ?? "", name, password });
    return redirect("/", { headers: { "Set-Cookie": sessionCookie(request, session.token, session.expiresAt) } });
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ ...body, mismatch: false, name }, { status });
  }
}

export default function AcceptInvite() {
  const { invite } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const format = useDateFormat();
  const busy = useNavigation().state !== "idle";

  if (invite.status !== "pending" || !invite.partnerName || !invite.role) {
    return (
      <main className="auth-page">
        <div className="auth-card">
          <h1>{t("team.accept.unusableTitle")}</h1>
          <p role="alert" className="form-error">
            {t(`team.invite.${invite.status}`)}
          </p>
          <Link to="/login" className="button block">
            {t("team.accept.toLogin")}
          </Link>
          <LanguageSwitcher />
        </div>
      </main>
    );
  }

  const fields = result?.error?.fields ?? {};
  const role = t(`common.membershipRole.${invite.role}`);
  return (
    <main className="auth-page">
      <div className="auth-card">
        <h1>{t("team.accept.title", { partner: invite.partnerName })}</h1>
        <p className="muted">{t("team.accept.intro", { partner: invite.partnerName, role })}</p>
        <Form method="post" noValidate aria-busy={busy}>
          <FormError message={result?.error?.message} submission={result} />
          <Field form="accept" name="email" label={t("team.accept.email")}>
            {(control) => <input {...control} type="email" value={invite.email ?? ""} readOnly autoComplete="username" />}
          </Field>
          <Field form="accept" name="name" label={t("team.accept.name")} error={fields.name} required>
            {(control) => <input {...control} type="text" autoComplete="name" defaultValue={result?.name ?? invite.name ?? ""} />}
          </Field>
          <Field form="accept" name="password" label={t("team.accept.password")} error={fields.password} hint={t("team.accept.passwordHint")} required>
            {(control) => <input {...control} type="password" autoComplete="new-password" />}
          </Field>
          <Field
            form="accept"
            name="passwordConfirm"
            label={t("team.accept.passwordConfirm")}
            error={result?.mismatch ? t("team.errors.passwordMismatch") : undefined}
            required
          >
            {(control) => <input {...control} type="password" autoComplete="new-password" />}
          </Field>
          {invite.expiresAt ? <p className="muted">{t("team.accept.expires", { date: format.dateTime(invite.expiresAt) })}</p> : null}
          <button type="submit" className="primary block" disabled={busy}>
            {t("team.accept.submit")}
          </button>
        </Form>
        <LanguageSwitcher />
      </div>
    </main>
  );
}

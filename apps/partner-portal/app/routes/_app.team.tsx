import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { MEMBERSHIP_ROLES } from "@qudao/core/schemas";
import { actionError, errorResponse, formValues, requireSignedIn } from "~/.server/request.server";
import { Field, FormError } from "~/components/form-field";
import { RouteErrorBoundary } from "~/components/route-error";
import { useDateFormat } from "~/date-format";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "portal.meta.team");

const MEMBER_FIELDS = ["name", "email", "role"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  // Core allows admins and managers to list members; a rep gets the translated 403 page.
  const { items } = await caller.partners.listUsers({ id: actor.partnerId }).catch((error: unknown) => errorResponse(error, ctx));
  return json({ members: items, canAdd: actor.role === "admin" });
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const form = await request.formData();
  const values = formValues(form, MEMBER_FIELDS);
  try {
    const created = await caller.partners.createUser({
      id: actor.partnerId,
      name: values.name,
      email: values.email,
      role: values.role as (typeof MEMBERSHIP_ROLES)[number],
      password: String(form.get("password") ?? ""),
    });
    return json({ created: { name: created.name, email: created.email }, error: null, values: null });
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    // The password is never sent back to the browser.
    return json({ created: null, ...body, values }, { status });
  }
}

export default function Team() {
  const { members, canAdd } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const format = useDateFormat();
  const busy = useNavigation().state === "submitting";
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (result?.created) formRef.current?.reset();
  }, [result]);
  const fieldErrors = result?.error?.fields ?? {};
  const values = result?.values ?? { name: "", email: "", role: "rep" };
  const columns = {
    name: t("portal.team.columns.name"),
    email: t("portal.team.columns.email"),
    role: t("portal.team.columns.role"),
    status: t("portal.team.columns.status"),
    lastLogin: t("portal.team.columns.lastLogin"),
  };
  return (
    <>
      <div className="page-head">
        <h1>{t("portal.team.title")}</h1>
      </div>
      <p className="muted">{t("portal.team.intro")}</p>
      {result?.created ? (
        <p className="notice" role="status">
          {t("portal.team.add.added", { name: result.created.name, email: result.created.email })}
        </p>
      ) : null}
      {members.length === 0 ? (
        <p className="empty">{t("portal.team.empty")}</p>
      ) : (
        <table className="responsive-table">
          <thead>
            <tr>
              <th scope="col">{columns.name}</th>
              <th scope="col">{columns.email}</th>
              <th scope="col">{columns.role}</th>
              <th scope="col">{columns.status}</th>
              <th scope="col">{columns.lastLogin}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.id} className={member.active ? undefined : "inactive"}>
                <td className="cell-title" data-label={columns.name}>
                  {member.name}
                </td>
                <td data-label={columns.email} className="break">
                  {member.email}
                </td>
                <td data-label={columns.role}>{t(`common.membershipRole.${member.role}`)}</td>
                <td data-label={columns.status}>
                  <span className={member.active ? "badge qualified" : "badge disqualified"}>
                    {member.active ? t("portal.team.active") : t("portal.team.inactive")}
                  </span>
                </td>
                <td data-label={columns.lastLogin}>
                  {member.lastLoginAt ? (
                    <time dateTime={member.lastLoginAt}>{format.dateTime(member.lastLoginAt)}</time>
                  ) : (
                    <span className="muted">{t("portal.team.neverSignedIn")}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canAdd ? (
        <section aria-labelledby="team-add-title">
          <h2 id="team-add-title">{t("portal.team.add.title")}</h2>
          <Form method="post" noValidate className="card" ref={formRef} aria-busy={busy}>
            <FormError message={result?.error?.message} submission={result} />
            <div className="form-grid">
              <Field form="member" name="name" label={t("portal.team.add.name")} error={fieldErrors.name} required>
                {(control) => <input {...control} type="text" autoComplete="off" defaultValue={values.name} />}
              </Field>
              <Field form="member" name="email" label={t("portal.team.add.email")} error={fieldErrors.email} required>
                {(control) => <input {...control} type="email" inputMode="email" autoComplete="off" defaultValue={values.email} />}
              </Field>
              <Field form="member" name="role" label={t("portal.team.add.role")} error={fieldErrors.role} required>
                {(control) => (
                  <select {...control} defaultValue={values.role || "rep"}>
                    {MEMBERSHIP_ROLES.map((role) => (
                      <option key={role} value={role}>
                        {t(`common.membershipRole.${role}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field
                form="member"
                name="password"
                label={t("portal.team.add.password")}
                error={fieldErrors.password}
                hint={t("portal.team.add.passwordHint")}
                required
              >
                {(control) => <input {...control} type="password" autoComplete="new-password" />}
              </Field>
            </div>
            <div className="form-actions">
              <button type="submit" className="primary" disabled={busy}>
                {busy ? t("portal.form.saving") : t("portal.team.add.submit")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };

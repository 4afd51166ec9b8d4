import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { MEMBERSHIP_ROLES } from "@qudao/core/schemas";
import { env } from "@qudao/core/server";
import { actionError, errorResponse, formValues, requireSignedIn } from "~/.server/request.server";
import { Field, FormError } from "~/components/form-field";
import { RouteErrorBoundary } from "~/components/route-error";
import { InviteForm, InviteLink, InviteList, MemberActions, SubDealerRollup } from "~/components/team-sections";
import { useDateFormat } from "~/date-format";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "portal.meta.team");

const MEMBER_FIELDS = ["name", "email", "role"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const canManage = actor.role === "admin";
  // Core allows admins and managers to list members and sub-dealers; a rep gets the translated 403 page.
  const [members, invites, subDealers] = await Promise.all([
    caller.partners.listUsers({ id: actor.partnerId }),
    canManage ? caller.team.invites.list({ limit: 50 }) : Promise.resolve(null),
    caller.team.subDealers(),
  ]).catch((error: unknown) => errorResponse(error, ctx));
  return json({
    members: members.items,
    // Accepted invites are members already; the list keeps the ones that still need the admin.
    invites: invites ? invites.items.filter((invite) => invite.status !== "accepted") : null,
    subDealers,
    canManage,
    canAdd: canManage,
    me: actor.userId,
  });
}

type ActionError = { message: string; fields: Record<string, string> };
type ActionResult =
  | { intent: "addMember"; created: { name: string; email: string } | null; error: ActionError | null; values: Record<(typeof MEMBER_FIELDS)[number], string> | null }
  | { intent: "invite"; link: { kind: "created"; email: string; url: string; emailed: boolean } | null; error: ActionError | null; values: Record<(typeof MEMBER_FIELDS)[number], string> | null }
  | { intent: "resendInvite"; link: { kind: "resent"; email: string; url: string; emailed: boolean } | null; error: { id: string; message: string } | null }
  | { intent: "revokeInvite"; revokedEmail: string | null; error: { id: string; message: string } | null }
  | { intent: "deactivate" | "reactivate" | "setRole"; userId: string; notice: { key: string; params: Record<string, string | number> } | null; error: ActionError | null };

/** The link as the admin's browser reaches the portal (PORTAL_URL when set, else this request's origin). */
function portalLink(request: Request, path: string): string {
  return `${env().PORTAL_URL?.replace(/\/$/, "") ?? new URL(request.url).origin}${path}`;
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "addMember");
  const text = (name: string) => String(form.get(name) ?? "");
  const failed = (error: unknown) => actionError(error, ctx);

  if (intent === "invite") {
    const values = formValues(form, MEMBER_FIELDS);
    try {
      const invite = await caller.team.invites.create({ name: values.name, email: values.email, role: values.role as "rep" | "manager" });
      return json<ActionResult>({ intent, link: { kind: "created", email: invite.email, url: portalLink(request, invite.path), emailed: invite.emailed }, error: null, values: null });
    } catch (error) {
      const { body, status } = failed(error);
      return json<ActionResult>({ intent, link: null, error: body.error, values }, { status });
    }
  }
  if (intent === "resendInvite" || intent === "revokeInvite") {
    const id = text("inviteId");
    try {
      if (intent === "resendInvite") {
        const invite = await caller.team.invites.resend({ id });
        return json<ActionResult>({ intent, link: { kind: "resent", email: invite.email, url: portalLink(request, invite.path), emailed: invite.emailed }, error: null });
      }
      const invite = await caller.team.invites.revoke({ id });
      return json<ActionResult>({ intent, revokedEmail: invite.email, error: null });
    } catch (error) {
      const { body, status } = failed(error);
      const result: ActionResult =
        intent === "resendInvite" ? { intent, link: null, error: { id, message: body.error.message } } : { intent, revokedEmail: null, error: { id, message: body.error.message } };
      return json<ActionResult>(result, { status });
    }
  }
  if (intent === "deactivate" || intent === "reactivate" || intent === "setRole") {
    const userId = text("userId");
    try {
      if (intent === "deactivate") {
        const { member, handOver } = await caller.team.members.deactivate({ userId, successorId: text("successorId") });
        const successor = (await caller.partners.listUsers({ id: actor.partnerId })).items.find((m) => m.id === handOver.successorId);
        const { successorId: _id, ...counts } = handOver;
        return json<ActionResult>({ intent, userId, notice: { key: "team.members.deactivated", params: { name: member.name, successor: successor?.name ?? "", ...counts } }, error: null });
      }
      if (intent === "reactivate") {
        const member = await caller.team.members.reactivate({ userId });
        return json<ActionResult>({ intent, userId, notice: { key: "team.members.reactivated", params: { name: member.name } }, error: null });
      }
      const member = await caller.team.members.setRole({ userId, role: text("role") as (typeof MEMBERSHIP_ROLES)[number] });
      return json<ActionResult>({ intent, userId, notice: { key: "team.members.roleChanged", params: { name: member.name, role: member.role } }, error: null });
    } catch (error) {
      const { body, status } = failed(error);
      return json<ActionResult>({ intent, userId, notice: null, error: body.error }, { status });
    }
  }

  const values = formValues(form, MEMBER_FIELDS);
  try {
    const created = await caller.partners.createUser({
      id: actor.partnerId,
      name: values.name,
      email: values.email,
      role: values.role as (typeof MEMBERSHIP_ROLES)[number],
      password: String(form.get("password") ?? ""),
    });
    return json<ActionResult>({ intent: "addMember", created: { name: created.name, email: created.email }, error: null, values: null });
  } catch (error) {
    const { body, status } = failed(error);
    // The password is never sent back to the browser.
    return json<ActionResult>({ intent: "addMember", created: null, error: body.error, values }, { status });
  }
}

function Notice({ result }: { result: ActionResult | undefined }) {
  const { t } = useTranslation();
  if (!result) return null;
  let message: string | null = null;
  if (result.intent === "addMember" && result.created) message = t("portal.team.add.added", { name: result.created.name, email: result.created.email });
  if (result.intent === "revokeInvite" && result.revokedEmail) message = t("team.invites.revoked", { email: result.revokedEmail });
  if ((result.intent === "deactivate" || result.intent === "reactivate" || result.intent === "setRole") && result.notice) {
    const params = { ...result.notice.params };
    if (result.intent === "setRole") params.role = t(`common.membershipRole.${String(params.role)}`);
    message = t(result.notice.key, params);
  }
  return message ? (
    <p className="notice" role="status">
      {message}
    </p>
  ) : null;
}

export default function Team() {
  const { members, invites, subDealers, canManage, canAdd, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { t } = useTranslation();
  const format = useDateFormat();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const formRef = useRef<HTMLFormElement>(null);
  const added = result?.intent === "addMember" ? result : undefined;
  useEffect(() => {
    if (added?.created) formRef.current?.reset();
  }, [added]);
  const fieldErrors = added?.error?.fields ?? {};
  const values = added?.values ?? { name: "", email: "", role: "rep" };
  const inviteResult = result?.intent === "invite" ? result : undefined;
  const link = result?.intent === "invite" || result?.intent === "resendInvite" ? result.link : null;
  const inviteError = result?.intent === "resendInvite" || result?.intent === "revokeInvite" ? result.error : null;
  const memberResult = result?.intent === "deactivate" || result?.intent === "reactivate" || result?.intent === "setRole" ? result : undefined;
  const activeMembers = members.filter((m) => m.active);
  const columns = {
    name: t("portal.team.columns.name"),
    email: t("portal.team.columns.email"),
    role: t("portal.team.columns.role"),
    status: t("portal.team.columns.status"),
    lastLogin: t("portal.team.columns.lastLogin"),
    actions: t("team.members.actions"),
  };
  return (
    <>
      <div className="page-head">
        <h1>{t("portal.team.title")}</h1>
      </div>
      <p className="muted">{t("portal.team.intro")}</p>
      <Notice result={result} />
      {link ? <InviteLink {...link} /> : null}
      {members.length === 0 ? (
        <p className="empty">{t("portal.team.empty")}</p>
      ) : (
        <table className="responsive-table team-table">
          <thead>
            <tr>
              <th scope="col">{columns.name}</th>
              <th scope="col">{columns.email}</th>
              <th scope="col">{columns.role}</th>
              <th scope="col">{columns.status}</th>
              <th scope="col">{columns.lastLogin}</th>
              {canManage ? <th scope="col">{columns.actions}</th> : null}
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.id} className={member.active ? undefined : "inactive"}>
                <td className="cell-title" data-label={columns.name}>
                  {member.name}
                  {member.id === me ? <span className="muted"> {t("team.members.you")}</span> : null}
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
                {canManage ? (
                  <td className="cell-actions">
                    {member.id === me ? null : (
                      <MemberActions
                        member={member}
                        successors={activeMembers.filter((m) => m.id !== member.id)}
                        error={memberResult && memberResult.userId === member.id ? memberResult.error : null}
                      />
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {invites ? (
        <section aria-labelledby="team-invite-title">
          <h2 id="team-invite-title">{t("team.invites.title")}</h2>
          <p className="muted">{t("team.invites.intro")}</p>
          <InviteForm error={inviteResult?.error ?? null} values={inviteResult?.values ?? null} created={Boolean(inviteResult?.link)} />
          <h3>{t("team.invites.pendingTitle")}</h3>
          <InviteList invites={invites} error={inviteError} />
        </section>
      ) : null}

      {subDealers.items.length > 0 ? <SubDealerRollup items={subDealers.items} monthStart={subDealers.monthStart} /> : null}

      {canAdd ? (
        <section aria-labelledby="team-add-title">
          <h2 id="team-add-title">{t("portal.team.add.title")}</h2>
          <Form method="post" noValidate className="card" ref={formRef} aria-busy={busy}>
            <FormError message={added?.error?.message} submission={added} />
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

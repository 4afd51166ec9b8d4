/**
 * The pieces of the team page: the invite form and its one-time link, the invite list, a member's
 * actions (role, deactivate with hand-over, reactivate) and the sub-dealer rollup.
 */
import { Form, Link } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Field, FormError } from "~/components/form-field";
import { useDateFormat } from "~/date-format";

type Role = "admin" | "manager" | "rep";
type FieldErrors = Record<string, string>;
export type TeamMember = { id: string; name: string; email: string; role: Role; active: boolean };
export type InviteRow = { id: string; email: string; name: string | null; role: Role; status: "pending" | "accepted" | "revoked" | "expired"; expiresAt: string };
export type CurrencyAmount = { currency: string; amount: string };
export type SubDealerRow = {
  partnerId: string;
  name: string;
  activeMembers: number;
  openLeads: number;
  openOpportunities: number;
  openAmount: CurrencyAmount[];
  wonThisMonth: number;
  wonAmount: CurrencyAmount[];
};

/** A freshly created (or re-sent) invite link: shown once, to copy and send. */
export function InviteLink({ kind, email, url, emailed }: { kind: "created" | "resent"; email: string; url: string; emailed: boolean }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const box = useRef<HTMLElement>(null);
  useEffect(() => {
    setCopied(false);
    box.current?.focus();
  }, [url]);
  return (
    <section className="new-key" aria-labelledby="invite-link-title" tabIndex={-1} ref={box}>
      <p id="invite-link-title" role="status">
        {t(kind === "created" ? "team.invites.created" : "team.invites.resent", { email })}
        {emailed ? ` ${t("team.invites.emailed", { email })}` : ""}
      </p>
      <code className="secret" data-testid="invite-link" aria-label={t("team.invites.link")}>
        {url}
      </code>
      <button type="button" onClick={() => void navigator.clipboard?.writeText(url).then(() => setCopied(true))}>
        {t("team.invites.copy")}
      </button>{" "}
      <span aria-live="polite" className="muted">
        {copied ? t("team.invites.copied") : ""}
      </span>
    </section>
  );
}

export function InviteForm(props: { error: { message: string; fields: FieldErrors } | null; values: { name: string; email: string; role: string } | null; created: boolean }) {
  const { t } = useTranslation();
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (props.created) form.current?.reset();
  }, [props.created]);
  const values = props.values ?? { name: "", email: "", role: "rep" };
  const fields = props.error?.fields ?? {};
  return (
    <Form method="post" noValidate className="card" ref={form} aria-labelledby="team-invite-title">
      <input type="hidden" name="intent" value="invite" />
      <FormError message={props.error?.message} submission={props.error} />
      <div className="form-grid">
        <Field form="invite" name="name" label={t("team.invites.name")} error={fields.name} required>
          {(control) => <input {...control} type="text" autoComplete="off" defaultValue={values.name} />}
        </Field>
        <Field form="invite" name="email" label={t("team.invites.email")} error={fields.email} required>
          {(control) => <input {...control} type="email" inputMode="email" autoComplete="off" defaultValue={values.email} />}
        </Field>
        <Field form="invite" name="role" label={t("team.invites.role")} error={fields.role} required>
          {(control) => (
            <select {...control} defaultValue={values.role || "rep"}>
              {(["rep", "manager"] as const).map((role) => (
                <option key={role} value={role}>
                  {t(`common.membershipRole.${role}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="primary">
          {t("team.invites.submit")}
        </button>
      </div>
    </Form>
  );
}

export function InviteList({ invites, error }: { invites: InviteRow[]; error: { id: string; message: string } | null }) {
  const { t } = useTranslation();
  const format = useDateFormat();
  if (invites.length === 0) return <p className="empty">{t("team.invites.empty")}</p>;
  const columns = {
    email: t("team.invites.columns.email"),
    name: t("team.invites.columns.name"),
    role: t("team.invites.columns.role"),
    status: t("team.invites.columns.status"),
    expiresAt: t("team.invites.columns.expiresAt"),
  };
  return (
    <table className="responsive-table">
      <thead>
        <tr>
          <th scope="col">{columns.email}</th>
          <th scope="col">{columns.name}</th>
          <th scope="col">{columns.role}</th>
          <th scope="col">{columns.status}</th>
          <th scope="col">{columns.expiresAt}</th>
          <th scope="col">{t("team.invites.columns.actions")}</th>
        </tr>
      </thead>
      <tbody>
        {invites.map((invite) => (
          <tr key={invite.id}>
            <td className="cell-title break" data-label={columns.email}>
              {invite.email}
            </td>
            <td data-label={columns.name}>{invite.name ?? <span className="muted">{t("common.none")}</span>}</td>
            <td data-label={columns.role}>{t(`common.membershipRole.${invite.role}`)}</td>
            <td data-label={columns.status}>
              <span className={`badge invite-${invite.status}`}>{t(`team.status.${invite.status}`)}</span>
            </td>
            <td data-label={columns.expiresAt}>
              <time dateTime={invite.expiresAt}>{format.dateTime(invite.expiresAt)}</time>
            </td>
            <td className="cell-actions">
              {invite.status === "pending" || invite.status === "expired" ? (
                <Form method="post" className="row-actions">
                  <input type="hidden" name="inviteId" value={invite.id} />
                  <button type="submit" name="intent" value="resendInvite">
                    {t("team.invites.resend")}
                  </button>
                  {invite.status === "pending" ? (
                    <button type="submit" name="intent" value="revokeInvite" className="danger">
                      {t("team.invites.revoke")}
                    </button>
                  ) : null}
                </Form>
              ) : null}
              {error?.id === invite.id ? (
                <p role="alert" className="field-error">
                  {error.message}
                </p>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** An admin's controls on another member's row. */
export function MemberActions(props: { member: TeamMember; successors: TeamMember[]; error: { message: string; fields: FieldErrors } | null }) {
  const { member, successors, error } = props;
  const { t } = useTranslation();
  const roleError = error?.fields.role;
  if (!member.active) {
    return (
      <div className="member-actions">
        <Form method="post">
          <input type="hidden" name="userId" value={member.id} />
          <button type="submit" name="intent" value="reactivate">
            {t("team.members.reactivate")}
          </button>
        </Form>
        {error ? (
          <p role="alert" className="field-error">
            {error.message}
          </p>
        ) : null}
      </div>
    );
  }
  const formId = `member-${member.id}`;
  return (
    <div className="member-actions">
      <Form method="post" className="role-form">
        <input type="hidden" name="userId" value={member.id} />
        <label htmlFor={`${formId}-role`} className="visually-hidden">
          {t("team.members.role")}
        </label>
        <select id={`${formId}-role`} name="role" defaultValue={member.role} aria-invalid={roleError ? true : undefined}>
          {(["admin", "manager", "rep"] as const).map((role) => (
            <option key={role} value={role}>
              {t(`common.membershipRole.${role}`)}
            </option>
          ))}
        </select>
        <button type="submit" name="intent" value="setRole">
          {t("team.members.saveRole")}
        </button>
      </Form>
      {roleError ? (
        <p role="alert" className="field-error">
          {roleError}
        </p>
      ) : null}
      <details className="deactivate" open={error !== null && !roleError}>
        <summary>{t("team.members.deactivate")}</summary>
        <div className="deactivate-panel">
          <p className="deactivate-title">{t("team.members.deactivateTitle", { name: member.name })}</p>
          <p className="muted">{t("team.members.deactivateIntro")}</p>
          {successors.length === 0 ? (
            <p className="muted">{t("team.members.noSuccessor")}</p>
          ) : (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="deactivate" />
              <input type="hidden" name="userId" value={member.id} />
              {error && !roleError ? <FormError message={error.message} submission={error} /> : null}
              <Field form={formId} name="successorId" label={t("team.members.successor")} error={error?.fields.successorId} required>
                {(control) => (
                  <select {...control} defaultValue="">
                    <option value="" disabled>
                      {t("team.members.chooseSuccessor")}
                    </option>
                    {successors.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}（{t(`common.membershipRole.${s.role}`)}）
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <button type="submit" className="danger">
                {t("team.members.confirmDeactivate")}
              </button>
            </Form>
          )}
        </div>
      </details>
    </div>
  );
}

function amounts(values: CurrencyAmount[], locale: string, none: string): string {
  if (values.length === 0) return none;
  return values
    .map((v) => {
      // Format the decimal string without passing through a float: group the integer part, keep the cents.
      const [whole = "0", cents = "00"] = v.amount.split(".");
      const grouped = new Intl.NumberFormat(locale, { useGrouping: true, maximumFractionDigits: 0 }).format(BigInt(whole));
      return `${v.currency} ${grouped}.${cents}`;
    })
    .join(" / ");
}

export function SubDealerRollup({ items, monthStart }: { items: SubDealerRow[]; monthStart: string }) {
  const { t, i18n } = useTranslation();
  const format = useDateFormat();
  const none = t("team.subDealers.noAmount");
  const columns = {
    name: t("team.subDealers.columns.name"),
    members: t("team.subDealers.columns.members"),
    openLeads: t("team.subDealers.columns.openLeads"),
    openOpportunities: t("team.subDealers.columns.openOpportunities"),
    openAmount: t("team.subDealers.columns.openAmount"),
    wonThisMonth: t("team.subDealers.columns.wonThisMonth"),
    wonAmount: t("team.subDealers.columns.wonAmount"),
    links: t("team.subDealers.columns.links"),
  };
  return (
    <section aria-labelledby="sub-dealers-title">
      <h2 id="sub-dealers-title">{t("team.subDealers.title")}</h2>
      <p className="muted">{t("team.subDealers.intro", { date: format.date(monthStart) })}</p>
      <table className="responsive-table sub-dealer-table">
        <thead>
          <tr>
            <th scope="col">{columns.name}</th>
            <th scope="col">{columns.members}</th>
            <th scope="col">{columns.openLeads}</th>
            <th scope="col">{columns.openOpportunities}</th>
            <th scope="col">{columns.openAmount}</th>
            <th scope="col">{columns.wonThisMonth}</th>
            <th scope="col">{columns.wonAmount}</th>
            <th scope="col">{columns.links}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((dealer) => (
            <tr key={dealer.partnerId}>
              <td className="cell-title" data-label={columns.name}>
                {dealer.name}
              </td>
              <td data-label={columns.members}>{dealer.activeMembers}</td>
              <td data-label={columns.openLeads}>{dealer.openLeads}</td>
              <td data-label={columns.openOpportunities}>{dealer.openOpportunities}</td>
              <td data-label={columns.openAmount}>{amounts(dealer.openAmount, i18n.language, none)}</td>
              <td data-label={columns.wonThisMonth}>{dealer.wonThisMonth}</td>
              <td data-label={columns.wonAmount}>{amounts(dealer.wonAmount, i18n.language, none)}</td>
              <td className="cell-actions row-links">
                <Link to={`/leads?partnerId=${dealer.partnerId}`}>{t("team.subDealers.leads")}</Link>
                <Link to={`/customers?partnerId=${dealer.partnerId}`}>{t("team.subDealers.customers")}</Link>
                <Link to={`/opportunities/list?partnerId=${dealer.partnerId}`}>{t("team.subDealers.opportunities")}</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

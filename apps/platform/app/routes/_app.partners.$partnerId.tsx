import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { MEMBERSHIP_ROLES, PARTNER_STATUSES, PARTNER_TIERS } from "@qudao/core/schemas";
import { can } from "@qudao/core/server";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { DateTime, useDateFormat } from "~/components/date-time";
import { FormError, FormField } from "~/components/form-field";
import { MemberStatusActions } from "~/components/member-status-actions";
import { Notice, withNotice } from "~/components/notice";
import { pageTitle } from "~/components/page-title";
import { PARTNER_FIELD_NAMES, PartnerFields } from "~/components/partner-fields";
import { formText, throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

type Caller = Awaited<ReturnType<typeof requireSignedIn>>["caller"];

/** Direct sub-dealers of a partner (a partner has a handful; 200 is the API's page maximum). */
async function subDealersOf(caller: Caller, partnerId: string) {
  const page = await caller.partners.list({ parentPartnerId: partnerId, limit: 200 });
  return page.items
    .map((p) => ({ id: p.id, name: p.name, tier: p.tier, status: p.status }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "platform.partners.title", data?.partner.name);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const id = params.partnerId ?? "";
  try {
    const partner = await caller.partners.get({ id });
    const may = {
      update: can(actor, "partner:update"),
      listUsers: can(actor, "partnerUser:list"),
      addUser: can(actor, "partnerUser:create"),
      readLeads: can(actor, "lead:read"),
      readAudit: can(actor, "audit:read"),
      manageTeam: can(actor, "team:manage"),
    };
    const [users, options, subDealers] = await Promise.all([
      may.listUsers ? caller.partners.listUsers({ id }).then((r) => r.items) : Promise.resolve(null),
      may.update ? caller.partners.options() : Promise.resolve([]),
      subDealersOf(caller, id),
    ]);
    return json({
      partner,
      users,
      subDealers,
      parentOptions: options.filter((o) => o.id !== id),
      may,
      enums: { tiers: PARTNER_TIERS, statuses: PARTNER_STATUSES, roles: MEMBERSHIP_ROLES },
    });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const id = params.partnerId ?? "";
  const form = await request.formData();
  const intent = formText(form, "intent");

  if (intent === "deactivate" || intent === "reactivate") {
    const userId = formText(form, "userId");
    try {
      if (intent === "deactivate") {
        const { handOver } = await caller.team.members.deactivate({ userId, successorId: formText(form, "successorId") });
        const successor = (await caller.partners.listUsers({ id })).items.find((u) => u.id === handOver.successorId);
        const { successorId: _successorId, ...counts } = handOver;
        return json({ intent: "deactivate" as const, userId, notice: { key: "team.platform.deactivated", params: { successor: successor?.name ?? "", ...counts } }, error: null });
      }
      const member = await caller.team.members.reactivate({ userId });
      return json({ intent: "reactivate" as const, userId, notice: { key: "team.platform.reactivated", params: { name: member.name } }, error: null });
    } catch (error) {
      const { body, status } = actionError(error, ctx);
      return json({ intent: intent as "deactivate" | "reactivate", userId, notice: null, ...body }, { status });
    }
  }

  if (intent === "addUser") {
    const values = { email: formText(form, "email"), name: formText(form, "name"), role: formText(form, "role") };
    const password = form.get("password");
    try {
      await caller.partners.createUser({
        id,
        ...values,
        role: values.role as (typeof MEMBERSHIP_ROLES)[number],
        password: typeof password === "string" ? password : "",
      });
      return redirect(withNotice(`/partners/${id}`, "userAdded"));
    } catch (error) {
      const { body, status } = actionError(error, ctx);
      return json({ intent: "addUser" as const, ...body, values }, { status });
    }
  }

  const values = {
    name: formText(form, "name"),
    tier: formText(form, "tier"),
    region: formText(form, "region"),
    parentPartnerId: formText(form, "parentPartnerId"),
    status: formText(form, "status"),
  };
  try {
    await caller.partners.update({
      id,
      name: values.name,
      // Core validates enum values and reports unknown ones under their field.
      tier: values.tier as (typeof PARTNER_TIERS)[number],
      region: values.region || null,
      parentPartnerId: values.parentPartnerId || null,
      status: values.status as (typeof PARTNER_STATUSES)[number],
    });
    return redirect(withNotice(`/partners/${id}`, "partnerSaved"));
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ intent: "update" as const, ...body, values }, { status });
  }
}

export default function PartnerDetail() {
  const { partner, users, subDealers, parentOptions, may, enums } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const formatDate = useDateFormat();
  const navigation = useNavigation();
  const submittingIntent = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;

  const saved = {
    name: partner.name,
    tier: partner.tier,
    region: partner.region ?? "",
    parentPartnerId: partner.parentPartnerId ?? "",
    status: partner.status,
  };
  const updateResult = result?.intent === "update" ? result : undefined;
  const addUserResult = result?.intent === "addUser" ? result : undefined;
  const memberResult = result?.intent === "deactivate" || result?.intent === "reactivate" ? result : undefined;

  return (
    <>
      <p>
        <Link to="/partners">← {t("platform.partners.backToList")}</Link>
      </p>
      <div className="page-head">
        <h1>
          {partner.name} <span className={`badge tier-${partner.tier}`}>{t(`common.partnerTier.${partner.tier}`)}</span>{" "}
          <span className={`badge partner-${partner.status}`}>{t(`common.partnerStatus.${partner.status}`)}</span>
        </h1>
        <div className="links">
          {may.readLeads ? (
            <Link to={`/leads?partnerId=${partner.id}`} className="button">
              {t("platform.partners.viewLeads")}
            </Link>
          ) : null}
          {may.readAudit ? (
            <Link to={`/audit?partnerId=${partner.id}`} className="button">
              {t("platform.partners.viewAudit")}
            </Link>
          ) : null}
        </div>
      </div>
      <p className="muted">
        {t("platform.partners.createdAt", { date: formatDate(partner.createdAt) })}
        {partner.parentPartnerId && partner.parentName ? (
          <>
            {" · "}
            {t("platform.partners.fields.parent")}: <Link to={`/partners/${partner.parentPartnerId}`}>{partner.parentName}</Link>
          </>
        ) : null}
      </p>
      <Notice />

      <section className="card" aria-labelledby="partner-edit-title">
        <h2 id="partner-edit-title">{may.update ? t("platform.partners.edit") : t("platform.partners.details")}</h2>
        {may.update ? (
          <Form method="post" action={`/partners/${partner.id}`} noValidate key={JSON.stringify(saved)}>
            <input type="hidden" name="intent" value="update" />
            <FormError error={updateResult?.error} fieldNames={PARTNER_FIELD_NAMES} />
            <PartnerFields values={updateResult?.values ?? saved} errors={updateResult?.error.fields ?? {}} parentOptions={parentOptions} tiers={enums.tiers} statuses={enums.statuses} />
            <div className="actions">
              <button type="submit" className="primary" disabled={submittingIntent === "update"}>
                {t("common.actions.save")}
              </button>
            </div>
          </Form>
        ) : (
          <dl className="details">
            <dt>{t("platform.partners.fields.tier")}</dt>
            <dd>{t(`common.partnerTier.${partner.tier}`)}</dd>
            <dt>{t("platform.partners.fields.region")}</dt>
            <dd>{partner.region ?? "—"}</dd>
            <dt>{t("platform.partners.fields.parent")}</dt>
            <dd>{partner.parentName ?? t("common.none")}</dd>
            <dt>{t("platform.partners.fields.status")}</dt>
            <dd>{t(`common.partnerStatus.${partner.status}`)}</dd>
          </dl>
        )}
      </section>

      <section className="card" aria-labelledby="sub-dealers-title">
        <h2 id="sub-dealers-title">
          {t("platform.partners.subDealers")} <span className="muted">({subDealers.length})</span>
        </h2>
        {subDealers.length === 0 ? (
          <p className="muted">{t("platform.partners.noSubDealers")}</p>
        ) : (
          <ul className="plain-list">
            {subDealers.map((dealer) => (
              <li key={dealer.id}>
                <Link to={`/partners/${dealer.id}`}>{dealer.name}</Link>{" "}
                <span className={`badge tier-${dealer.tier}`}>{t(`common.partnerTier.${dealer.tier}`)}</span>{" "}
                {dealer.status !== "active" ? (
                  <span className={`badge partner-${dealer.status}`}>{t(`common.partnerStatus.${dealer.status}`)}</span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      {users ? (
        <section className="card" aria-labelledby="users-title" id="users">
          <h2 id="users-title">
            {t("platform.partners.users")} <span className="muted">({users.length})</span>
          </h2>
          {memberResult?.notice ? (
            <p role="status" className="notice">
              {t(memberResult.notice.key, memberResult.notice.params)}
            </p>
          ) : null}
          {users.length === 0 ? (
            <p className="muted">{t("platform.partners.noUsers")}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("platform.partners.userColumns.name")}</th>
                    <th scope="col">{t("platform.partners.userColumns.email")}</th>
                    <th scope="col">{t("platform.partners.userColumns.role")}</th>
                    <th scope="col">{t("platform.partners.userColumns.active")}</th>
                    <th scope="col">{t("platform.partners.userColumns.lastLogin")}</th>
                    {may.manageTeam ? <th scope="col">{t("team.platform.actions")}</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {users.map((user) => (
                    <tr key={user.id}>
                      <td>{user.name}</td>
                      <td>{user.email}</td>
                      <td>{t(`common.membershipRole.${user.role}`)}</td>
                      <td>
                        <span className={`badge ${user.active ? "partner-active" : "partner-terminated"}`}>
                          {user.active ? t("platform.partners.userActive") : t("platform.partners.userInactive")}
                        </span>
                      </td>
                      <td>
                        <DateTime value={user.lastLoginAt} fallback={t("platform.partners.neverLoggedIn")} />
                      </td>
                      {may.manageTeam ? (
                        <td>
                          <MemberStatusActions member={user} members={users} partnerId={partner.id} error={memberResult?.userId === user.id ? (memberResult.error?.message ?? null) : null} />
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          {may.addUser ? (
            <Form method="post" action={`/partners/${partner.id}`} noValidate key={users.length} className="subform" aria-labelledby="add-user-title">
              <h3 id="add-user-title">{t("platform.partners.addUser")}</h3>
              <input type="hidden" name="intent" value="addUser" />
              <FormError error={addUserResult?.error} fieldNames={["email", "name", "role", "password"]} />
              <div className="form-grid">
                <FormField label={t("platform.partners.userFields.email")} name="email" error={addUserResult?.error.fields.email} required>
                  {(control) => <input {...control} type="email" autoComplete="off" defaultValue={addUserResult?.values.email ?? ""} />}
                </FormField>
                <FormField label={t("platform.partners.userFields.name")} name="name" error={addUserResult?.error.fields.name} required>
                  {(control) => <input {...control} type="text" autoComplete="off" defaultValue={addUserResult?.values.name ?? ""} />}
                </FormField>
                <FormField label={t("platform.partners.userFields.role")} name="role" error={addUserResult?.error.fields.role} required>
                  {(control) => (
                    <select {...control} defaultValue={addUserResult?.values.role ?? "rep"}>
                      {enums.roles.map((role) => (
                        <option key={role} value={role}>
                          {t(`common.membershipRole.${role}`)}
                        </option>
                      ))}
                    </select>
                  )}
                </FormField>
                <FormField
                  label={t("platform.partners.userFields.password")}
                  name="password"
                  error={addUserResult?.error.fields.password}
                  hint={t("platform.partners.passwordHint")}
                  required
                >
                  {(control) => <input {...control} type="password" autoComplete="new-password" />}
                </FormField>
              </div>
              <div className="actions">
                <button type="submit" className="primary" disabled={submittingIntent === "addUser"}>
                  {t("platform.partners.addUserSubmit")}
                </button>
              </div>
            </Form>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };

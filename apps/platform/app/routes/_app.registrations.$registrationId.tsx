import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can, DomainError } from "@qudao/core/server";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { DateTime, useDateFormat } from "~/components/date-time";
import { FormError, FormField } from "~/components/form-field";
import { Notice, withNotice } from "~/components/notice";
import { pageTitle } from "~/components/page-title";
import { formText, throwPublicError } from "~/components/public-error.server";
import { CustomerKind, ExtensionBadge, RegistrationStatusBadge } from "~/components/registration-badges";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import { WaitAge } from "~/components/wait-age";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, "platform.registrations.detailTitle", data?.registration.submitted.name);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const id = params.registrationId ?? "";
  try {
    // The conflict view is platform-only (registration:decide); it carries the registration itself.
    const { registration, customer, competing } = await caller.registrations.conflict({ id });
    const may = {
      decide: can(actor, "registration:decide"),
      transfer: can(actor, "customer:transfer"),
      readSettings: can(actor, "settings:read"),
    };
    const [claimPartner, extensionDays] = await Promise.all([
      caller.partners.get({ id: registration.partnerId }).then(
        (p) => ({ tier: p.tier, status: p.status }),
        () => null,
      ),
      registration.extensionStatus === "requested" && may.readSettings
        ? caller.settings.protectionPolicy().then((p) => p.extensionDays)
        : Promise.resolve(null),
    ]);
    const now = Date.now();
    return json({
      registration,
      ageMinutes: Math.max(0, Math.floor((now - registration.createdAt.getTime()) / 60_000)),
      claimPartner,
      customer: customer ? { ...customer, isProtected: customer.protectedUntil !== null && customer.protectedUntil.getTime() > now } : null,
      competing,
      extensionDays,
      may,
    });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

type Intent = "decide" | "extension";

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const id = params.registrationId ?? "";
  const form = await request.formData();
  const intent: Intent = formText(form, "intent") === "extension" ? "extension" : "decide";
  const decision = formText(form, "decision") === "reject" ? ("reject" as const) : ("approve" as const);
  const values = { reason: formText(form, "reason") };
  try {
    // A rejection is explained to the partner, so the console asks for the reason (core accepts none).
    if (decision === "reject" && !values.reason) {
      throw new DomainError("VALIDATION_FAILED", { details: [{ path: "reason", message: "platform.registrations.decide.reasonRequired" }] });
    }
    const input = { id, decision, reason: values.reason || null };
    if (intent === "extension") {
      await caller.registrations.decideExtension(input);
      return redirect(withNotice(`/registrations/${id}`, decision === "approve" ? "extensionApproved" : "extensionRejected"));
    }
    await caller.registrations.decide(input);
    return redirect(withNotice(`/registrations/${id}`, decision === "approve" ? "registrationApproved" : "registrationRejected"));
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ intent, decision, ...body, values }, { status });
  }
}

function Text({ value }: { value: string | null | undefined }) {
  return value ? <>{value}</> : <span className="muted">—</span>;
}

export default function RegistrationDetail() {
  const { registration, ageMinutes, claimPartner, customer, competing, extensionDays, may } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const formatDate = useDateFormat();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const submitted = registration.submitted;
  const decideResult = result?.intent === "decide" ? result : undefined;
  const extensionResult = result?.intent === "extension" ? result : undefined;
  const pending = registration.status === "pending";
  // This registration's keys that the customer or another claim also has: why they collided.
  const sharedWithOthers = new Set([...(customer?.sharedKeys ?? []), ...competing.flatMap((other) => other.sharedKeys)].map(keyId));

  return (
    <>
      <p>
        <Link to="/registrations">← {t("platform.registrations.backToList")}</Link>
      </p>
      <div className="page-head">
        <h1>
          {submitted.name} <RegistrationStatusBadge status={registration.status} /> <ExtensionBadge status={registration.extensionStatus} />
        </h1>
      </div>
      <p className="muted">
        {t("platform.registrations.submittedBy", { partner: registration.partnerName ?? "", date: formatDate(registration.createdAt) })}
        {pending ? (
          <>
            {" · "}
            <WaitAge minutes={ageMinutes} waiting />
          </>
        ) : null}
      </p>
      <Notice />
      <p className="platform-only">{t("platform.registrations.platformOnly")}</p>

      <div className="side-by-side">
        <section className="card" aria-labelledby="claim-title">
          <h2 id="claim-title">{t("platform.registrations.claim")}</h2>
          <dl className="details">
            <dt>{t("platform.registrations.fields.partner")}</dt>
            <dd>
              <Link to={`/partners/${registration.partnerId}`} className="partner-name">
                {registration.partnerName}
              </Link>{" "}
              {claimPartner ? <span className={`badge tier-${claimPartner.tier}`}>{t(`common.partnerTier.${claimPartner.tier}`)}</span> : null}{" "}
              {claimPartner && claimPartner.status !== "active" ? (
                <span className={`badge partner-${claimPartner.status}`}>{t(`common.partnerStatus.${claimPartner.status}`)}</span>
              ) : null}
            </dd>
            <dt>{t("platform.registrations.fields.kind")}</dt>
            <dd>{t(`platform.customerKind.${submitted.kind}`)}</dd>
            <dt>{t("platform.registrations.fields.name")}</dt>
            <dd className="strong">{submitted.name}</dd>
            <dt>{t("platform.registrations.fields.phone")}</dt>
            <dd>
              <Text value={submitted.phone} />
            </dd>
            <dt>{t("platform.registrations.fields.email")}</dt>
            <dd>
              <Text value={submitted.email} />
            </dd>
            <dt>{t("platform.registrations.fields.uscc")}</dt>
            <dd>
              <Text value={submitted.uscc} />
            </dd>
            <dt>{t("platform.registrations.fields.city")}</dt>
            <dd>
              <Text value={submitted.city} />
            </dd>
            <dt>{t("platform.registrations.columns.keys")}</dt>
            <dd>
              <IdentityKeyList keys={registration.identityKeys} shared={sharedWithOthers} label={t("platform.registrations.claim")} />
            </dd>
            <dt>{t("platform.registrations.fields.note")}</dt>
            <dd className="notes">
              <Text value={registration.note} />
            </dd>
            <dt>{t("platform.registrations.fields.submittedAt")}</dt>
            <dd>
              <DateTime value={registration.createdAt} />
            </dd>
            <dt>{t("platform.registrations.fields.status")}</dt>
            <dd>
              <RegistrationStatusBadge status={registration.status} />
              {registration.reason ? <div className="small muted">{registration.reason.message}</div> : null}
            </dd>
            {registration.decidedAt ? (
              <>
                <dt>{t("platform.registrations.fields.decidedAt")}</dt>
                <dd>
                  <DateTime value={registration.decidedAt} />
                </dd>
              </>
            ) : null}
            {registration.reasonNote ? (
              <>
                <dt>{t("platform.registrations.fields.reasonNote")}</dt>
                <dd className="notes">{registration.reasonNote}</dd>
              </>
            ) : null}
            <dt>{t("platform.registrations.fields.protectedUntil")}</dt>
            <dd>
              <DateTime value={registration.protectedUntil} style="date" />
            </dd>
            {registration.extensionStatus !== "none" ? (
              <>
                <dt>{t("platform.registrations.fields.extension")}</dt>
                <dd>
                  <ExtensionBadge status={registration.extensionStatus} />
                  {registration.extensionReason ? <div className="small muted">{registration.extensionReason}</div> : null}
                </dd>
              </>
            ) : null}
          </dl>
        </section>

        <section className="card" aria-labelledby="matched-title">
          <h2 id="matched-title">{t("platform.registrations.matched")}</h2>
          {customer ? (
            <dl className="details">
              <dt>{t("platform.registrations.customerFields.name")}</dt>
              <dd>
                <Link to={`/customers/${customer.id}`} className="strong">
                  {customer.name}
                </Link>{" "}
                <CustomerKind kind={customer.kind} />
              </dd>
              <dt>{t("platform.registrations.customerFields.owner")}</dt>
              <dd>
                {customer.ownerPartnerId ? (
                  <>
                    <Link to={`/partners/${customer.ownerPartnerId}`} className="partner-name">
                      {customer.ownerPartnerName}
                    </Link>{" "}
                    {customer.ownerPartnerTier ? (
                      <span className={`badge tier-${customer.ownerPartnerTier}`}>{t(`common.partnerTier.${customer.ownerPartnerTier}`)}</span>
                    ) : null}
                    {customer.ownerPartnerId === registration.partnerId ? (
                      <div className="small muted">{t("platform.registrations.sameOwner")}</div>
                    ) : null}
                  </>
                ) : (
                  <span className="badge pool">{t("platform.publicPool")}</span>
                )}
              </dd>
              <dt>{t("platform.registrations.customerFields.protectedUntil")}</dt>
              <dd>
                <DateTime value={customer.protectedUntil} style="date" />{" "}
                {customer.ownerPartnerId ? (
                  <span className={`badge ${customer.isProtected ? "protected" : "unprotected"}`}>
                    {t(customer.isProtected ? "platform.registrations.protectedNow" : "platform.registrations.protectionOver")}
                  </span>
                ) : null}
              </dd>
              <dt>{t("platform.registrations.customerFields.lastActivity")}</dt>
              <dd>
                <DateTime value={customer.lastActivityAt} />
              </dd>
              <dt>{t("platform.registrations.customerFields.city")}</dt>
              <dd>
                <Text value={customer.city} />
              </dd>
              <dt>{t("platform.registrations.customerFields.identities")}</dt>
              <dd>
                <IdentityKeyList keys={customer.identityKeys} shared={new Set(customer.sharedKeys.map(keyId))} label={t("platform.registrations.matched")} />
                {customer.sharedKeys.length > 0 ? <p className="small muted">{t("platform.registrations.keys.sharedHint")}</p> : null}
              </dd>
              <dt>{t("platform.registrations.customerFields.created")}</dt>
              <dd>
                <DateTime value={customer.createdAt} />
              </dd>
            </dl>
          ) : (
            <p className="muted">{t("platform.registrations.noMatch")}</p>
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="competing-title">
        <h2 id="competing-title">
          {t("platform.registrations.competing")} <span className="muted">({competing.length})</span>
        </h2>
        {competing.length === 0 ? (
          <p className="muted">{t("platform.registrations.noCompeting")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("platform.registrations.columns.partner")}</th>
                  <th scope="col">{t("platform.registrations.columns.status")}</th>
                  <th scope="col">{t("platform.registrations.columns.submitted")}</th>
                  <th scope="col">{t("platform.registrations.columns.keys")}</th>
                  <th scope="col">{t("platform.registrations.columns.time")}</th>
                </tr>
              </thead>
              <tbody>
                {competing.map((other) => (
                  <tr key={other.id}>
                    <td>
                      <Link to={`/partners/${other.partnerId}`} className="partner-name">
                        {other.partnerName}
                      </Link>
                    </td>
                    <td>
                      <RegistrationStatusBadge status={other.status} /> <ExtensionBadge status={other.extensionStatus} />
                      {other.protectedUntil ? (
                        <div className="small muted">{t("platform.registrations.protectedUntilShort", { date: formatDate(other.protectedUntil, "date") })}</div>
                      ) : null}
                    </td>
                    <td>
                      <Link to={`/registrations/${other.id}`} className="strong">
                        {other.submitted.name}
                      </Link>
                      <div className="small muted">
                        {[
                          t(`platform.customerKind.${other.submitted.kind}`),
                          other.submitted.city,
                          other.submitted.phone,
                          other.submitted.email,
                          other.submitted.uscc,
                        ]
                          .filter(Boolean)
                          .join(" · ")}
                      </div>
                    </td>
                    <td>
                      <IdentityKeyList keys={other.identityKeys} shared={new Set(other.sharedKeys.map(keyId))} label={other.submitted.name} />
                      {other.sharedKeys.length === 0 ? <div className="small muted">{t("platform.registrations.keys.noneShared")}</div> : null}
                    </td>
                    <td className="nowrap">
                      <DateTime value={other.createdAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {may.decide && pending ? (
        <section className="card" aria-labelledby="decide-title" id="decide">
          <h2 id="decide-title">{t("platform.registrations.decide.title")}</h2>
          <Form method="post" action={`/registrations/${registration.id}`} noValidate>
            <input type="hidden" name="intent" value="decide" />
            <DecisionError
              result={decideResult}
              transfer={customer && may.transfer ? { customerId: customer.id, owner: customer.ownerPartnerName, claimant: registration.partnerName ?? "" } : null}
            />
            <FormField
              label={t("platform.registrations.decide.reason")}
              name="reason"
              error={decideResult?.error.fields.reason}
              hint={t("platform.registrations.decide.reasonHint")}
            >
              {(control) => <textarea {...control} rows={3} maxLength={1000} defaultValue={decideResult?.values.reason ?? ""} />}
            </FormField>
            <div className="actions">
              <button type="submit" name="decision" value="approve" className="primary" disabled={submitting === "decide"}>
                {t("platform.registrations.decide.approve")}
              </button>
              <button type="submit" name="decision" value="reject" className="danger" disabled={submitting === "decide"}>
                {t("platform.registrations.decide.reject")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {may.decide && registration.extensionStatus === "requested" ? (
        <section className="card" aria-labelledby="extension-title" id="extension">
          <h2 id="extension-title">{t("platform.registrations.extension.title")}</h2>
          <dl className="details">
            <dt>{t("platform.registrations.extension.partnerReason")}</dt>
            <dd className="notes">
              <Text value={registration.extensionReason} />
            </dd>
            <dt>{t("platform.registrations.fields.protectedUntil")}</dt>
            <dd>
              <DateTime value={registration.protectedUntil} style="date" />
            </dd>
          </dl>
          {extensionDays !== null ? <p className="muted">{t("platform.registrations.extension.adds", { days: extensionDays })}</p> : null}
          <Form method="post" action={`/registrations/${registration.id}`} noValidate>
            <input type="hidden" name="intent" value="extension" />
            <DecisionError result={extensionResult} transfer={null} />
            <FormField
              label={t("platform.registrations.decide.reason")}
              name="reason"
              error={extensionResult?.error.fields.reason}
              hint={t("platform.registrations.decide.reasonHint")}
            >
              {(control) => <textarea {...control} rows={2} maxLength={1000} defaultValue={extensionResult?.values.reason ?? ""} />}
            </FormField>
            <div className="actions">
              <button type="submit" name="decision" value="approve" className="primary" disabled={submitting === "extension"}>
                {t("platform.registrations.extension.approve")}
              </button>
              <button type="submit" name="decision" value="reject" className="danger" disabled={submitting === "extension"}>
                {t("platform.registrations.extension.reject")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  );
}

type IdentityKey = { kind: string; value: string };

function keyId(key: IdentityKey): string {
  return `${key.kind}:${key.value}`;
}

/** Normalised identity keys; the ones in `shared` are marked, in words as well as colour. */
function IdentityKeyList({ keys, shared, label }: { keys: IdentityKey[]; shared: ReadonlySet<string>; label: string }) {
  const { t } = useTranslation();
  if (keys.length === 0) return <span className="muted">{t("platform.registrations.keys.none")}</span>;
  return (
    <ul className="identity-list" aria-label={label}>
      {keys.map((key) => {
        const isShared = shared.has(keyId(key));
        return (
          <li key={keyId(key)} className={isShared ? "shared-key" : undefined}>
            <span className="muted">{t(`identity.kind.${key.kind}`)}</span>{" "}
            {isShared ? (
              <>
                <mark>
                  <code>{key.value.replace("|", " · ")}</code>
                </mark>{" "}
                <span className="badge shared">{t("platform.registrations.keys.shared")}</span>
              </>
            ) : (
              <code>{key.value.replace("|", " · ")}</code>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** The decision's error; a conflict names the current owner and leads to the transfer on the customer page. */
function DecisionError({
  result,
  transfer,
}: {
  result: { error: { code: string; message: string; fields: Record<string, string> } } | undefined;
  transfer: { customerId: string; owner: string | null; claimant: string } | null;
}) {
  const { t } = useTranslation();
  if (!result) return null;
  if (result.error.code === "REGISTRATION_CONFLICT") {
    return (
      <div role="alert" className="form-error">
        <p>{result.error.message}</p>
        {transfer ? (
          <p>
            {transfer.owner ? t("platform.registrations.decide.conflictOwner", { owner: transfer.owner }) : null}{" "}
            <Link to={`/customers/${transfer.customerId}#transfer`}>{t("platform.registrations.decide.goTransfer", { partner: transfer.claimant })}</Link>
          </p>
        ) : null}
      </div>
    );
  }
  return <FormError error={result.error} fieldNames={["reason"]} />;
}

export { RouteErrorBoundary as ErrorBoundary };

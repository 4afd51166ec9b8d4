import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can, DomainError } from "@qudao/core/server";
import { PluginRecordPanels } from "@qudao/ui/plugin-panels";
import { pluginRecordPanels } from "@qudao/ui/plugin-panels.server";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { DateTime, useDateFormat } from "~/components/date-time";
import { FormError, FormField } from "~/components/form-field";
import { LifecycleBadge, RfmSegment } from "~/components/customer-segments";
import { CustomerEventsCard } from "~/components/customer-events-card";
import { CustomerTagsCard } from "~/components/customer-tags-card";
import { EntitlementTimelineStep } from "~/components/entitlement-timeline-step";
import { Notice, withNotice } from "~/components/notice";
import { pageTitle } from "~/components/page-title";
import { pluginLinks, usePluginConventions } from "~/components/plugin-conventions";
import { formText, throwPublicError } from "~/components/public-error.server";
import { CustomerKind, RegistrationStatusBadge } from "~/components/registration-badges";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "platform.customers.detailTitle", data?.customer.name);
export const links: LinksFunction = () => pluginLinks();

type Caller = Awaited<ReturnType<typeof requireSignedIn>>["caller"];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Overview = Awaited<ReturnType<Caller["customers"]["overview"]>>;

/**
 * How a merge step's other customer stands to this one, from the merge record the step points at:
 * this customer went into it (the duplicate's side) or took it in (the survivor's side).
 */
function mergeRelation(step: Overview["timeline"][number], overview: Overview): "mergedInto" | "mergedFrom" | null {
  if (!step.relatedCustomerId) return null;
  const merge = overview.merges.find((m) => m.id === step.mergeId);
  if (merge) return merge.survivorId === overview.customer.id ? "mergedFrom" : "mergedInto";
  return step.relatedCustomerId === overview.customer.mergedIntoId ? "mergedInto" : "mergedFrom";
}

/** Candidates to merge into this customer: a search by name/contact, or an exact customer id. */
async function mergeCandidates(caller: Caller, survivorId: string, q: string) {
  const [byId, page] = await Promise.all([
    UUID.test(q) ? caller.customers.get({ id: q }).then((c) => (c.mergedIntoId ? null : c), () => null) : Promise.resolve(null),
    caller.customers.list({ q, limit: 20 }),
  ]);
  const found = [...(byId ? [byId] : []), ...page.items].filter((c, i, all) => c.id !== survivorId && all.findIndex((o) => o.id === c.id) === i);
  return found.map((c) => ({
    id: c.id,
    name: c.name,
    kind: c.kind,
    city: c.city,
    ownerPartnerId: c.ownerPartnerId ?? null,
    ownerPartnerName: c.ownerPartnerName ?? null,
    createdAt: c.createdAt,
  }));
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const id = params.customerId ?? "";
  const search = new URL(request.url).searchParams;
  const mergeQ = search.get("mergeQ")?.trim() ?? "";
  const mergeWith = search.get("mergeWith")?.trim() ?? "";
  const eventsCursor = search.get("eventsCursor")?.trim() ?? "";
  try {
    const overview = await caller.customers.overview({ id });
    const live = !overview.customer.mergedIntoId;
    const may = {
      // A merged-away duplicate is read-only; its merge can still be reversed.
      transfer: live && can(actor, "customer:transfer"),
      merge: live && can(actor, "customer:merge"),
      reverseMerge: can(actor, "customer:merge"),
      readRegistrations: can(actor, "registration:read"),
      readLeads: can(actor, "lead:read"),
      tag: live && can(actor, "tag:apply"),
    };
    const timeline = overview.timeline.map((step) => ({ ...step, relation: mergeRelation(step, overview) }));
    const related = new Set<string>();
    if (overview.customer.mergedIntoId) related.add(overview.customer.mergedIntoId);
    for (const m of overview.merges) related.add(m.survivorId === id ? m.mergedId : m.survivorId);
    related.delete(id);

    const [partners, relatedNames, candidates, duplicate, events, tagOptions, plugins] = await Promise.all([
      caller.partners.options(),
      Promise.all([...related].map((other) => caller.customers.get({ id: other }).then((c) => [other, c.name] as const, () => [other, null] as const))),
      may.merge && mergeQ ? mergeCandidates(caller, id, mergeQ) : Promise.resolve(null),
      may.merge && mergeWith && mergeWith !== id ? caller.customers.get({ id: mergeWith }).then((c) => c, () => null) : Promise.resolve(null),
      caller.customerEvents.list({ id, limit: 20, ...(UUID.test(eventsCursor) ? { cursor: eventsCursor } : {}) }),
      may.tag ? caller.tags.list({ scope: "platform", limit: 200 }).then((page) => page.items.map((tag) => ({ id: tag.id, name: tag.name }))) : Promise.resolve([]),
      // The installed plugins' panels on a customer (their fields, their records about it).
      pluginRecordPanels(caller, actor, { surface: "platform", object: "customer", id, locale: ctx.locale }),
    ]);
    const now = Date.now();
    const partnerNames = Object.fromEntries(partners.map((p) => [p.id, p.name]));
    return json({
      customer: overview.customer,
      identities: overview.identities,
      timeline,
      registrations: overview.registrations,
      leads: overview.leads,
      merges: overview.merges,
      events,
      tagOptions,
      plugins,
      customerNames: Object.fromEntries(relatedNames) as Record<string, string | null>,
      partnerNames,
      // Core refuses inactive targets: terminated partners are left out, suspended ones shown but not selectable.
      transferOptions: may.transfer ? partners.filter((p) => p.status !== "terminated") : [],
      merge: {
        q: mergeQ,
        candidates,
        requested: mergeWith,
        duplicate: duplicate
          ? {
              id: duplicate.id,
              name: duplicate.name,
              city: duplicate.city,
              merged: Boolean(duplicate.mergedIntoId),
              ownerPartnerName: duplicate.ownerPartnerName ?? null,
              // Core refuses to merge a duplicate another partner protects; say so before the reviewer tries.
              protectedByOther:
                Boolean(duplicate.ownerPartnerId) &&
                duplicate.ownerPartnerId !== overview.customer.ownerPartnerId &&
                duplicate.protectedUntil !== null &&
                duplicate.protectedUntil.getTime() > now,
            }
          : null,
      },
      may,
    });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

type Intent = "transfer" | "release" | "merge" | "reverseMerge" | "tag" | "untag";
const INTENTS: readonly Intent[] = ["transfer", "release", "merge", "reverseMerge", "tag", "untag"];

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const id = params.customerId ?? "";
  const form = await request.formData();
  const intent = INTENTS.find((i) => i === formText(form, "intent")) ?? "transfer";
  const values = {
    toPartnerId: formText(form, "toPartnerId"),
    reason: formText(form, "reason"),
    duplicateId: formText(form, "duplicateId"),
    mergeId: formText(form, "mergeId"),
    tagId: formText(form, "tagId"),
  };
  try {
    switch (intent) {
      case "transfer":
        if (!values.toPartnerId) throw new DomainError("VALIDATION_FAILED", { details: [{ path: "toPartnerId", message: "errors.field.required" }] });
        await caller.customers.transfer({ id, toPartnerId: values.toPartnerId, reason: values.reason });
        return redirect(withNotice(`/customers/${id}`, "customerTransferred"));
      case "release":
        await caller.customers.release({ id, reason: values.reason || null });
        return redirect(withNotice(`/customers/${id}`, "customerReleased"));
      case "merge":
        await caller.customers.merge({ survivorId: id, duplicateId: values.duplicateId, reason: values.reason });
        return redirect(withNotice(`/customers/${id}`, "customersMerged"));
      case "reverseMerge":
        await caller.customers.reverseMerge({ id: values.mergeId });
        return redirect(withNotice(`/customers/${id}`, "mergeReversed"));
      case "tag":
        await caller.tags.applyToCustomer({ id, tagId: values.tagId });
        return redirect(`/customers/${id}#tags`);
      case "untag":
        await caller.tags.removeFromCustomer({ id, tagId: values.tagId });
        return redirect(`/customers/${id}#tags`);
    }
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ intent, ...body, values }, { status });
  }
}

function Text({ value }: { value: string | null | undefined }) {
  return value ? <>{value}</> : <span className="muted">—</span>;
}

function CustomerLink({ id, name }: { id: string; name: string | null | undefined }) {
  const { t } = useTranslation();
  return <Link to={`/customers/${id}`}>{name ?? t("platform.customers.unknownCustomer")}</Link>;
}

export default function Customer360() {
  const data = useLoaderData<typeof loader>();
  const { customer, identities, timeline, registrations, leads, merges, customerNames, partnerNames, may } = data;
  const pluginApp = usePluginConventions();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const formatDate = useDateFormat();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const resultFor = <I extends Intent>(intent: I) => (result?.intent === intent ? result : undefined);

  return (
    <>
      <p>
        <Link to="/customers">← {t("platform.customers.backToList")}</Link>
      </p>
      <div className="page-head">
        <h1>
          {customer.name} <CustomerKind kind={customer.kind} />{" "}
          {customer.mergedIntoId ? (
            <span className="badge merged">{t("platform.customers.mergedBadge")}</span>
          ) : customer.ownerPartnerId ? null : (
            <span className="badge pool">{t("platform.publicPool")}</span>
          )}
        </h1>
      </div>
      <Notice />
      {customer.mergedIntoId ? (
        <p className="warning" role="note">
          {t("platform.customers.mergedInto")} <CustomerLink id={customer.mergedIntoId} name={customerNames[customer.mergedIntoId]} />
        </p>
      ) : null}

      <div className="two-columns">
        <div>
          <section className="card" aria-labelledby="record-title">
            <h2 id="record-title">{t("platform.customers.record")}</h2>
            <dl className="details">
              <dt>{t("platform.customers.fields.owner")}</dt>
              <dd>
                {customer.ownerPartnerId ? (
                  <Link to={`/partners/${customer.ownerPartnerId}`} className="partner-name">
                    {customer.ownerPartnerName}
                  </Link>
                ) : (
                  <span className="badge pool">{t("platform.publicPool")}</span>
                )}
              </dd>
              <dt>{t("platform.customers.fields.protectedUntil")}</dt>
              <dd>
                <DateTime value={customer.protectedUntil} />
              </dd>
              <dt>{t("platform.customers.fields.kind")}</dt>
              <dd>{t(`platform.customerKind.${customer.kind}`)}</dd>
              <dt>{t("platform.customers.fields.city")}</dt>
              <dd>
                <Text value={customer.city} />
              </dd>
              <dt>{t("platform.customers.fields.phone")}</dt>
              <dd>
                <Text value={customer.phone} />
              </dd>
              <dt>{t("platform.customers.fields.email")}</dt>
              <dd>
                <Text value={customer.email} />
              </dd>
              <dt>{t("platform.customers.fields.uscc")}</dt>
              <dd>
                <Text value={customer.uscc} />
              </dd>
              <dt>{t("platform.customers.fields.lifecycleStage")}</dt>
              <dd>
                <LifecycleBadge stage={customer.lifecycleStage} />
                {customer.lifecycleChangedAt ? (
                  <span className="muted small">
                    {" "}
                    {t("segments.lifecycle.changedAt")} <DateTime value={customer.lifecycleChangedAt} style="date" />
                  </span>
                ) : null}
              </dd>
              <dt>{t("segments.rfm.label")}</dt>
              <dd>
                <RfmSegment segment={customer.rfmSegment} score={customer.rfmScore} />
                {customer.rfmScore ? <span className="muted small" title={t("segments.rfm.scoreHint")}> {customer.rfmScore}</span> : <span className="muted small"> {t("segments.rfm.none")}</span>}
              </dd>
              <dt>{t("segments.lifecycle.lastOrderAt")}</dt>
              <dd>
                <DateTime value={customer.lastOrderAt} />
              </dd>
              <dt>{t("platform.customers.fields.lastActivity")}</dt>
              <dd>
                <DateTime value={customer.lastActivityAt} />
              </dd>
              <dt>{t("platform.customers.fields.created")}</dt>
              <dd>
                <DateTime value={customer.createdAt} />
              </dd>
            </dl>
          </section>

          <section className="card" aria-labelledby="identities-title">
            <h2 id="identities-title">
              {t("platform.customers.identities")} <span className="muted">({identities.length})</span>
            </h2>
            <p className="muted small">{t("platform.customers.identitiesHint")}</p>
            {identities.length === 0 ? (
              <p className="muted">{t("platform.customers.noIdentities")}</p>
            ) : (
              <dl className="details">
                {identities.map((identity) => (
                  <div key={`${identity.kind}:${identity.value}`} className="contents">
                    <dt>{t(`identity.kind.${identity.kind}`)}</dt>
                    <dd>
                      <code>{identity.value.replace("|", " · ")}</code>
                    </dd>
                  </div>
                ))}
              </dl>
            )}
          </section>

          <section className="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t("platform.customers.timeline.title")}</h2>
            {timeline.length === 0 ? (
              <p className="muted">{t("platform.customers.timeline.empty")}</p>
            ) : (
              <ol className="timeline" aria-labelledby="timeline-title">
                {timeline.map((step) => step.entitlement ? (
                  <EntitlementTimelineStep key={step.id} step={{ ...step, entitlement: step.entitlement }} />
                ) : (
                  <li key={step.id} className={`timeline-step event-${step.event}`}>
                    <div className="timeline-head">
                      <span className="strong">
                        {t(`ownership.event.${step.event}`)}
                      </span>
                      <DateTime value={step.at} />
                    </div>
                    <dl className="timeline-facts">
                      <dt>{t("platform.customers.timeline.owner")}</dt>
                      <dd>
                        {step.partnerId ? (
                          <Link to={`/partners/${step.partnerId}`}>{step.partnerName ?? partnerNames[step.partnerId]}</Link>
                        ) : (
                          t("platform.publicPool")
                        )}
                        {step.previousPartnerId && step.previousPartnerId !== step.partnerId ? (
                          <span className="muted">
                            {" "}
                            {t("platform.customers.timeline.from", { partner: partnerNames[step.previousPartnerId] ?? "—" })}
                          </span>
                        ) : null}
                      </dd>
                      {step.protectedUntil ? (
                        <>
                          <dt>{t("platform.customers.timeline.protectedUntil")}</dt>
                          <dd>
                            <DateTime value={step.protectedUntil} style="date" />
                          </dd>
                        </>
                      ) : null}
                      {step.relation && step.relatedCustomerId ? (
                        <>
                          <dt>{t(`platform.customers.timeline.${step.relation}`)}</dt>
                          <dd>
                            <CustomerLink id={step.relatedCustomerId} name={step.relatedCustomerName} />
                          </dd>
                        </>
                      ) : null}
                      {step.reason ? (
                        <>
                          <dt>{t("platform.customers.timeline.reason")}</dt>
                          <dd className="notes">{step.reason}</dd>
                        </>
                      ) : null}
                      <dt>{t("platform.customers.timeline.actor")}</dt>
                      <dd>{step.actorLabel}</dd>
                    </dl>
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>

        <div>
          <CustomerTagsCard
            customerId={customer.id}
            tags={customer.tags ?? []}
            options={data.tagOptions}
            mayTag={may.tag}
            result={result && (result.intent === "tag" || result.intent === "untag") ? result : undefined}
          />
          {may.transfer ? (
            <section className="card" aria-labelledby="transfer-title" id="transfer">
              <h2 id="transfer-title">{t("platform.customers.transfer.title")}</h2>
              <p className="muted small">{t("platform.customers.transfer.hint")}</p>
              <Form method="post" action={`/customers/${customer.id}`} noValidate>
                <input type="hidden" name="intent" value="transfer" />
                <FormError error={resultFor("transfer")?.error} fieldNames={["toPartnerId", "reason"]} />
                <FormField label={t("platform.customers.transfer.partner")} name="toPartnerId" error={resultFor("transfer")?.error.fields.toPartnerId} required>
                  {(control) => (
                    <select {...control} defaultValue={resultFor("transfer")?.values.toPartnerId ?? ""}>
                      <option value="">{t("platform.customers.transfer.choose")}</option>
                      {data.transferOptions.map((p) => {
                        const tier = t(`common.partnerTier.${p.tier}`);
                        return (
                          <option key={p.id} value={p.id} disabled={p.id === customer.ownerPartnerId || p.status !== "active"}>
                            {p.id === customer.ownerPartnerId
                              ? t("platform.customers.transfer.currentOwner", { name: p.name })
                              : p.status === "active"
                                ? t("platform.customers.transfer.option", { name: p.name, tier })
                                : t("platform.customers.transfer.optionInactive", { name: p.name, tier, status: t(`common.partnerStatus.${p.status}`) })}
                          </option>
                        );
                      })}
                    </select>
                  )}
                </FormField>
                <FormField label={t("platform.customers.reason")} name="reason" error={resultFor("transfer")?.error.fields.reason} required>
                  {(control) => <textarea {...control} rows={2} maxLength={1000} defaultValue={resultFor("transfer")?.values.reason ?? ""} />}
                </FormField>
                <div className="actions">
                  <button type="submit" className="primary" disabled={submitting === "transfer"}>
                    {t("platform.customers.transfer.submit")}
                  </button>
                </div>
              </Form>
            </section>
          ) : null}

          {may.transfer && customer.ownerPartnerId ? (
            <section className="card" aria-labelledby="release-title" id="release">
              <h2 id="release-title">{t("platform.customers.release.title")}</h2>
              <p className="muted small">{t("platform.customers.release.hint", { partner: customer.ownerPartnerName ?? "" })}</p>
              <Form method="post" action={`/customers/${customer.id}`} noValidate>
                <input type="hidden" name="intent" value="release" />
                <FormError error={resultFor("release")?.error} fieldNames={["reason"]} />
                <FormField label={t("platform.customers.reason")} name="reason" error={resultFor("release")?.error.fields.reason}>
                  {(control) => <textarea {...control} rows={2} maxLength={1000} defaultValue={resultFor("release")?.values.reason ?? ""} />}
                </FormField>
                <div className="actions">
                  <button type="submit" className="danger" disabled={submitting === "release"}>
                    {t("platform.customers.release.submit")}
                  </button>
                </div>
              </Form>
            </section>
          ) : null}

          {may.merge ? <MergePanel /> : null}
        </div>
      </div>

      <section className="card" aria-labelledby="registrations-title">
        <h2 id="registrations-title">
          {t("platform.customers.registrations.title")} <span className="muted">({registrations.length})</span>
        </h2>
        {registrations.length === 0 ? (
          <p className="muted">{t("platform.customers.registrations.empty")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("platform.customers.registrations.partner")}</th>
                  <th scope="col">{t("platform.customers.registrations.status")}</th>
                  <th scope="col">{t("platform.customers.registrations.reason")}</th>
                  <th scope="col">{t("platform.customers.registrations.protectedUntil")}</th>
                  <th scope="col">{t("platform.customers.registrations.submitted")}</th>
                </tr>
              </thead>
              <tbody>
                {registrations.map((registration) => (
                  <tr key={registration.id}>
                    <td>
                      <Link to={`/partners/${registration.partnerId}`} className="partner-name">
                        {registration.partnerName}
                      </Link>
                    </td>
                    <td>
                      <RegistrationStatusBadge status={registration.status} />
                    </td>
                    <td>{registration.reasonCode ? t(`ownership.reason.${registration.reasonCode}`) : <span className="muted">—</span>}</td>
                    <td className="nowrap">
                      <DateTime value={registration.protectedUntil} style="date" />
                    </td>
                    <td className="nowrap">
                      {may.readRegistrations ? (
                        <Link to={`/registrations/${registration.id}`}>
                          <DateTime value={registration.createdAt} />
                        </Link>
                      ) : (
                        <DateTime value={registration.createdAt} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="leads-title">
        <h2 id="leads-title">
          {t("platform.customers.leads.title")} <span className="muted">({leads.length})</span>
        </h2>
        {leads.length === 0 ? (
          <p className="muted">{t("platform.customers.leads.empty")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("platform.customers.leads.name")}</th>
                  <th scope="col">{t("platform.customers.leads.partner")}</th>
                  <th scope="col">{t("platform.customers.leads.status")}</th>
                  <th scope="col">{t("platform.customers.leads.created")}</th>
                </tr>
              </thead>
              <tbody>
                {leads.map((lead) => (
                  <tr key={lead.id}>
                    <td>{may.readLeads ? <Link to={`/leads/${lead.id}`} className="strong">{lead.name}</Link> : lead.name}</td>
                    <td>
                      <Link to={`/partners/${lead.partnerId}`} className="partner-name">
                        {lead.partnerName}
                      </Link>
                    </td>
                    <td>
                      <span className={`badge ${lead.status}`}>{t(`common.leadStatus.${lead.status}`)}</span>
                    </td>
                    <td className="nowrap">
                      <DateTime value={lead.createdAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <PluginRecordPanels data={data.plugins} app={pluginApp} />

      <CustomerEventsCard events={data.events.items} nextCursor={data.events.nextCursor} customerId={customer.id} />

      <section className="card" aria-labelledby="merges-title" id="merges">
        <h2 id="merges-title">
          {t("platform.customers.merges.title")} <span className="muted">({merges.length})</span>
        </h2>
        {merges.length === 0 ? (
          <p className="muted">{t("platform.customers.merges.empty")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("platform.customers.merges.what")}</th>
                  <th scope="col">{t("platform.customers.merges.reason")}</th>
                  <th scope="col">{t("platform.customers.merges.time")}</th>
                  <th scope="col">{t("platform.customers.merges.state")}</th>
                </tr>
              </thead>
              <tbody>
                {merges.map((merge) => {
                  const intoThis = merge.survivorId === customer.id;
                  const otherId = intoThis ? merge.mergedId : merge.survivorId;
                  const reverseResult = resultFor("reverseMerge")?.values.mergeId === merge.id ? resultFor("reverseMerge") : undefined;
                  return (
                    <tr key={merge.id}>
                      <td>
                        {t(intoThis ? "platform.customers.merges.intoThis" : "platform.customers.merges.thisInto")}{" "}
                        <CustomerLink id={otherId} name={customerNames[otherId]} />
                      </td>
                      <td className="notes">{merge.reason}</td>
                      <td className="nowrap">
                        <DateTime value={merge.createdAt} />
                      </td>
                      <td>
                        {merge.reversedAt ? (
                          <span className="badge reversed">{t("platform.customers.merges.reversedAt", { date: formatDate(merge.reversedAt) })}</span>
                        ) : (
                          <>
                            <span className="badge merged">{t("platform.customers.merges.active")}</span>
                            {may.reverseMerge ? (
                              <details className="confirm" open={reverseResult ? true : undefined}>
                                <summary>{t("platform.customers.merges.reverse")}</summary>
                                <Form method="post" action={`/customers/${customer.id}`}>
                                  <input type="hidden" name="intent" value="reverseMerge" />
                                  <input type="hidden" name="mergeId" value={merge.id} />
                                  <p className="small">
                                    {t("platform.customers.merges.reverseConfirm", {
                                      duplicate: (intoThis ? customerNames[merge.mergedId] : customer.name) ?? "",
                                      survivor: (intoThis ? customer.name : customerNames[merge.survivorId]) ?? "",
                                    })}
                                  </p>
                                  <FormError error={reverseResult?.error} fieldNames={[]} />
                                  <button type="submit" className="danger" disabled={submitting === "reverseMerge"}>
                                    {t("platform.customers.merges.reverseSubmit")}
                                  </button>
                                </Form>
                              </details>
                            ) : null}
                          </>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

/** "Merge another customer into this one": search, pick, confirm with both names and a reason. */
function MergePanel() {
  const { customer, merge } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const mergeResult = result?.intent === "merge" ? result : undefined;
  const { t } = useTranslation();
  const formatDate = useDateFormat();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "merge";
  const duplicate = merge.duplicate;
  const pickLink = (id: string) => `/customers/${customer.id}?${new URLSearchParams({ mergeQ: merge.q, mergeWith: id }).toString()}#merge`;

  return (
    <section className="card" aria-labelledby="merge-title" id="merge">
      <h2 id="merge-title">{t("platform.customers.merge.title")}</h2>
      <p className="muted small">{t("platform.customers.merge.intro", { name: customer.name })}</p>
      <Form method="get" action={`/customers/${customer.id}`} className="inline-search" role="search" key={merge.q}>
        <label>
          {t("platform.customers.merge.searchLabel")}
          <input type="search" name="mergeQ" defaultValue={merge.q} placeholder={t("platform.customers.merge.searchPlaceholder")} />
        </label>
        <button type="submit">{t("common.actions.search")}</button>
      </Form>
      {merge.candidates ? (
        merge.candidates.length === 0 ? (
          <p className="muted">{t("platform.customers.merge.noCandidates")}</p>
        ) : (
          <ul className="plain-list candidates" aria-label={t("platform.customers.merge.candidates")}>
            {merge.candidates.map((candidate) => (
              <li key={candidate.id} aria-current={candidate.id === merge.requested ? "true" : undefined}>
                <div>
                  <Link to={`/customers/${candidate.id}`} className="strong" target="_blank" rel="noreferrer">
                    {candidate.name}
                  </Link>{" "}
                  <CustomerKind kind={candidate.kind} />
                  <div className="small muted">
                    {candidate.city ? `${candidate.city} · ` : null}
                    {candidate.ownerPartnerName ?? t("platform.publicPool")}
                    {" · "}
                    {t("platform.customers.merge.createdOn", { date: formatDate(candidate.createdAt, "date") })}
                  </div>
                </div>
                <Link to={pickLink(candidate.id)} className="button" aria-label={t("platform.customers.merge.pickNamed", { name: candidate.name })}>
                  {t("platform.customers.merge.pick")}
                </Link>
              </li>
            ))}
          </ul>
        )
      ) : null}
      {merge.requested && !duplicate ? (
        <p role="alert" className="form-error">
          {t("platform.customers.merge.notFound")}
        </p>
      ) : null}
      {duplicate ? (
        <div className="merge-confirm" aria-labelledby="merge-confirm-title">
          <h3 id="merge-confirm-title">{t("platform.customers.merge.confirmTitle")}</h3>
          {duplicate.merged ? (
            <p role="alert" className="form-error">
              {t("platform.customers.merge.alreadyMerged", { name: duplicate.name })}
            </p>
          ) : (
            <>
              <div className="merge-pair">
                <div>
                  <div className="muted small">{t("platform.customers.merge.duplicate")}</div>
                  <div className="strong">{duplicate.name}</div>
                  <div className="small muted">{[duplicate.city, duplicate.ownerPartnerName ?? t("platform.publicPool")].filter(Boolean).join(" · ")}</div>
                </div>
                <div className="merge-arrow" aria-hidden="true">
                  →
                </div>
                <div>
                  <div className="muted small">{t("platform.customers.merge.survivor")}</div>
                  <div className="strong">{customer.name}</div>
                  <div className="small muted">{[customer.city, customer.ownerPartnerName ?? t("platform.publicPool")].filter(Boolean).join(" · ")}</div>
                </div>
              </div>
              <p className="small">{t("platform.customers.merge.whatMoves", { duplicate: duplicate.name, survivor: customer.name })}</p>
              {duplicate.protectedByOther ? (
                <p className="warning small">
                  {t("platform.customers.merge.protectedWarning", { partner: duplicate.ownerPartnerName ?? "" })}{" "}
                  <Link to={`/customers/${duplicate.id}#transfer`}>{t("platform.customers.merge.openDuplicate")}</Link>
                </p>
              ) : null}
              <Form method="post" action={pickLink(duplicate.id).replace("#merge", "")} noValidate>
                <input type="hidden" name="intent" value="merge" />
                <input type="hidden" name="duplicateId" value={duplicate.id} />
                <FormError error={mergeResult?.error} fieldNames={["reason"]} />
                <FormField label={t("platform.customers.reason")} name="reason" error={mergeResult?.error.fields.reason} required>
                  {(control) => <textarea {...control} rows={2} maxLength={1000} defaultValue={mergeResult?.values.reason ?? ""} />}
                </FormField>
                <div className="actions">
                  <button type="submit" className="primary" disabled={busy}>
                    {t("platform.customers.merge.submit")}
                  </button>
                  <Link to={`/customers/${customer.id}${merge.q ? `?${new URLSearchParams({ mergeQ: merge.q }).toString()}` : ""}#merge`} className="button">
                    {t("common.actions.cancel")}
                  </Link>
                </div>
              </Form>
            </>
          )}
        </div>
      ) : null}
    </section>
  );
}

export { RouteErrorBoundary as ErrorBoundary };

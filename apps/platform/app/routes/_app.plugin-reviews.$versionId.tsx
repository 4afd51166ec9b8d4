import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import type { CSSProperties } from "react";
import { useTranslation } from "react-i18next";
import { ZPluginManifest } from "@qudao/plugins/manifest";
import { permissionPhrase } from "@qudao/plugins/permissions";
import { localized, usePluginText, type LocalizedText } from "@qudao/ui/plugin-texts";
import { withPluginTexts } from "@qudao/ui/plugin-texts.server";
import pluginStyles from "@qudao/ui/plugins.css?url";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { DateTime } from "~/components/date-time";
import { FormField } from "~/components/form-field";
import { pageTitle } from "~/components/page-title";
import { CheckResults, VersionStatusBadge } from "~/components/plugin-checks";
import { presentChecks } from "~/components/plugin-checks.server";
import { formText, throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, "pluginReview.review.title", data ? `${localized(data.review.name, data.locale) || data.review.pluginId} ${data.review.version}` : null);
export const links: LinksFunction = () => [{ rel: "stylesheet", href: pluginStyles }];

const CORE_OBJECTS = ["customer", "lead", "opportunity", "activity", "task", "order"];

/** What the reviewer reads before deciding: the manifest's contributions, hooks and settings at a glance. */
function manifestSummary(raw: Record<string, unknown>) {
  const parsed = ZPluginManifest.safeParse(raw);
  if (!parsed.success) return null;
  const m = parsed.data;
  return {
    publisher: m.publisher.name,
    engines: m.engines.qudao,
    surfaces: m.surfaces as string[],
    categories: m.categories as string[],
    objects: m.contributes.objects.map((o) => ({
      name: o.name,
      label: o.label as LocalizedText,
      relations: o.relations.length,
      fields: o.fields.map((f) => ({ name: f.name, type: f.type, label: f.label as LocalizedText, required: f.required, computed: f.computed, personal: f.personal })),
    })),
    fields: m.contributes.fields.map((f) => ({ object: f.object as string, name: f.name, type: f.type, label: f.label as LocalizedText, personal: f.personal })),
    hooks: m.hooks.map((h) => ({
      name: h.name,
      kind: h.kind,
      target:
        h.kind === "event"
          ? h.events.join(", ")
          : h.kind === "schedule"
            ? h.cron
            : h.kind === "commission"
              ? m.contributes.commissionRuleTypes.filter((r) => r.hook === h.name).map((r) => r.name).join(", ")
              : h.kind === "report"
                ? m.contributes.reports.filter((r) => r.hook === h.name).map((r) => r.name).join(", ")
                : h.object,
      on: h.kind === "validate" || h.kind === "compute" ? (h.on as string[]) : [],
      failMode: h.kind === "validate" || h.kind === "compute" ? h.failMode : null,
    })),
    settings: m.settings.map((s) => ({ key: s.key, type: s.type, label: s.label as LocalizedText, required: s.required, default: s.default === undefined ? null : String(s.default) })),
    more: {
      pipelines: m.contributes.pipelines.length,
      automationTriggers: m.contributes.automationTriggers.length,
      commissionRuleTypes: m.contributes.commissionRuleTypes.length,
      listColumns: m.contributes.listColumns.length,
      recordPanels: m.contributes.recordPanels.length,
      navigation: m.contributes.navigation.length,
    },
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  try {
    const review = await caller.pluginReviews.get({ id: params.versionId ?? "" });
    const summary = manifestSummary(review.manifest);
    return json({
      locale: ctx.locale,
      review: withPluginTexts(
        {
          id: review.id,
          pluginId: review.pluginId,
          version: review.version,
          status: review.status,
          name: review.name,
          description: review.description,
          developer: review.developer,
          previousVersion: review.previousVersion,
          permissionDiff: review.permissionDiff,
          reviewNotes: review.reviewNotes,
          reviewedAt: review.reviewedAt,
          createdAt: review.createdAt,
          sha256: review.sha256,
          sizeBytes: review.sizeBytes,
          hooksBytes: review.hooksBytes,
        },
        ctx.locale,
      ),
      checks: presentChecks(review.checks),
      summary: withPluginTexts(summary, ctx.locale),
      // Only when the manifest does not parse (its lint failed): the reviewer still sees what was sent.
      rawManifest: summary ? null : JSON.stringify(review.manifest, null, 2),
      hooksSource: review.hooksSource,
    });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const intent = formText(form, "intent");
  const notes = formText(form, "notes");
  const id = params.versionId ?? "";
  if (intent !== "approve" && intent !== "reject") throw new Response(null, { status: 400 });
  try {
    if (intent === "approve") await caller.pluginReviews.approve({ id, ...(notes ? { notes } : {}) });
    else await caller.pluginReviews.reject({ id, notes });
    return redirect(`/plugin-reviews/${id}?done=${intent === "approve" ? "approved" : "rejected"}`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ ...body, intent, notes }, { status });
  }
}

const DIFF_ITEM: CSSProperties = { display: "flex", flexWrap: "wrap", alignItems: "baseline", gap: "4px 10px", padding: "8px 12px", border: "1px solid var(--line)", borderRadius: "var(--radius)", background: "#fff" };
const DIFF_STYLE = {
  added: { ...DIFF_ITEM, background: "#fff3e0", borderColor: "#ffb74d", borderLeftWidth: 4 },
  removed: { ...DIFF_ITEM, background: "#f6f7f9", color: "var(--muted)", borderLeftWidth: 4, borderLeftColor: "var(--danger)" },
  unchanged: DIFF_ITEM,
} satisfies Record<string, CSSProperties>;

/** Every permission in plain words: added ones highlighted, removed ones struck through, the rest plain. */
function PermissionDiff({ diff, objects }: { diff: { added: string[]; removed: string[]; unchanged: string[] }; objects: ReadonlyArray<{ name: string; label: LocalizedText }> }) {
  const { t } = useTranslation();
  const text = usePluginText();
  const objectName = (name: string) => {
    const own = objects.find((o) => o.name === name);
    if (own) return text(own.label);
    return CORE_OBJECTS.includes(name) ? t(`marketplace.coreObject.${name}`, { defaultValue: name }) : name;
  };
  const say = (permission: string) => {
    const phrase = permissionPhrase(permission);
    return phrase ? t(phrase.key, phrase.object ? { object: objectName(phrase.object) } : {}) : permission;
  };
  const rows = [
    ...diff.added.map((p) => ({ permission: p, change: "added" as const })),
    ...diff.removed.map((p) => ({ permission: p, change: "removed" as const })),
    ...diff.unchanged.map((p) => ({ permission: p, change: "unchanged" as const })),
  ];
  if (rows.length === 0) return <p className="muted">{t("pluginReview.diff.none")}</p>;
  return (
    <ul style={{ listStyle: "none", margin: "0 0 12px", padding: 0, display: "grid", gap: 6 }} aria-label={t("pluginReview.diff.title")} data-permission-diff>
      {rows.map(({ permission, change }) => (
        <li key={`${change}-${permission}`} style={DIFF_STYLE[change]} data-permission={permission} data-change={change}>
          {change === "added" ? (
            <>
              <ins style={{ textDecoration: "none", fontWeight: 600 }}>{say(permission)}</ins>
              <span className="badge plugin-status-pending">{t("pluginReview.diff.added")}</span>
            </>
          ) : change === "removed" ? (
            <>
              <del>{say(permission)}</del>
              <span className="badge">{t("pluginReview.diff.removed")}</span>
            </>
          ) : (
            <span>{say(permission)}</span>
          )}
          <code className="plugin-permission-code">{change === "removed" ? <del>{permission}</del> : permission}</code>
        </li>
      ))}
    </ul>
  );
}

type Summary = NonNullable<ReturnType<typeof manifestSummary>>;

function ManifestSummary({ summary }: { summary: Summary }) {
  const { t } = useTranslation();
  const text = usePluginText();
  const yes = (flag: boolean) => (flag ? t("pluginReview.manifest.yes") : "");
  const moreEntries = Object.entries(summary.more).filter(([, count]) => count > 0);
  return (
    <>
      <dl className="details">
        <dt>{t("pluginReview.manifest.publisher")}</dt>
        <dd>{summary.publisher}</dd>
        <dt>{t("pluginReview.manifest.engines")}</dt>
        <dd>
          <code>{summary.engines}</code>
        </dd>
        <dt>{t("pluginReview.manifest.surfaces")}</dt>
        <dd>{summary.surfaces.map((s) => t(`pluginReview.surface.${s}`, { defaultValue: s })).join("、")}</dd>
        <dt>{t("pluginReview.manifest.categories")}</dt>
        <dd>{summary.categories.map((c) => t(`marketplace.category.${c}`, { defaultValue: c })).join("、")}</dd>
      </dl>

      <h3>{t("pluginReview.manifest.objects")}</h3>
      {summary.objects.length === 0 ? (
        <p className="muted">{t("common.none")}</p>
      ) : (
        summary.objects.map((o) => (
          <div key={o.name} className="table-wrap" data-object={o.name}>
            <p>
              <strong>{text(o.label)}</strong> <code>{o.name}</code>
              {o.relations > 0 ? <span className="muted small"> · {t("pluginReview.manifest.relations", { count: o.relations })}</span> : null}
            </p>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("pluginReview.manifest.field")}</th>
                  <th scope="col">{t("pluginReview.manifest.type")}</th>
                  <th scope="col">{t("pluginReview.manifest.required")}</th>
                  <th scope="col">{t("pluginReview.manifest.computed")}</th>
                  <th scope="col">{t("pluginReview.manifest.personal")}</th>
                </tr>
              </thead>
              <tbody>
                {o.fields.map((f) => (
                  <tr key={f.name}>
                    <td>
                      {text(f.label)} <code className="muted small">{f.name}</code>
                    </td>
                    <td>{f.type}</td>
                    <td>{yes(f.required)}</td>
                    <td>{yes(f.computed)}</td>
                    <td>{f.personal ? <span className="badge plugin-status-pending">{t("pluginReview.manifest.yes")}</span> : null}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))
      )}

      <h3>{t("pluginReview.manifest.coreFields")}</h3>
      {summary.fields.length === 0 ? (
        <p className="muted">{t("common.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("pluginReview.manifest.on")}</th>
                <th scope="col">{t("pluginReview.manifest.field")}</th>
                <th scope="col">{t("pluginReview.manifest.type")}</th>
                <th scope="col">{t("pluginReview.manifest.personal")}</th>
              </tr>
            </thead>
            <tbody>
              {summary.fields.map((f) => (
                <tr key={`${f.object}-${f.name}`}>
                  <td>{t(`marketplace.coreObject.${f.object}`, { defaultValue: f.object })}</td>
                  <td>
                    {text(f.label)} <code className="muted small">{f.name}</code>
                  </td>
                  <td>{f.type}</td>
                  <td>{f.personal ? <span className="badge plugin-status-pending">{t("pluginReview.manifest.yes")}</span> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3>{t("pluginReview.manifest.hooks")}</h3>
      {summary.hooks.length === 0 ? (
        <p className="muted">{t("common.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("pluginReview.manifest.hook")}</th>
                <th scope="col">{t("pluginReview.manifest.kind")}</th>
                <th scope="col">{t("pluginReview.manifest.target")}</th>
                <th scope="col">{t("pluginReview.manifest.failMode")}</th>
              </tr>
            </thead>
            <tbody>
              {summary.hooks.map((h) => (
                <tr key={h.name} data-hook={h.name}>
                  <td>
                    <code>{h.name}</code>
                  </td>
                  <td>{t(`pluginReview.hookKind.${h.kind}`)}</td>
                  <td>
                    <code>{h.target}</code>
                    {h.on.length > 0 ? <span className="muted small"> · {h.on.map((on) => t(`pluginReview.hookOn.${on}`, { defaultValue: on })).join("、")}</span> : null}
                  </td>
                  <td>{h.failMode ? t(`pluginReview.failMode.${h.failMode}`) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3>{t("pluginReview.manifest.settings")}</h3>
      {summary.settings.length === 0 ? (
        <p className="muted">{t("common.none")}</p>
      ) : (
        <ul className="plain-list">
          {summary.settings.map((s) => (
            <li key={s.key}>
              {text(s.label)} <code className="muted small">{s.key}</code> · {s.type}
              {s.required ? <> · {t("pluginReview.manifest.required")}</> : null}
              {s.default !== null ? <> · {t("pluginReview.manifest.default", { value: s.default })}</> : null}
            </li>
          ))}
        </ul>
      )}

      {moreEntries.length > 0 ? (
        <p className="muted">
          {moreEntries.map(([key, count]) => t(`pluginReview.manifest.more.${key}`, { count })).join(" · ")}
        </p>
      ) : null}
    </>
  );
}

export default function PluginReview() {
  const { review, checks, summary, rawManifest, hooksSource } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation();
  const text = usePluginText();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const done = params.get("done");
  const failedHere = (intent: "approve" | "reject") => (failure?.intent === intent ? failure : null);
  const notesError = (intent: "approve" | "reject") => failedHere(intent)?.error.fields.notes;
  const decided = review.status !== "in_review";
  return (
    <>
      <div className="page-head">
        <h1>
          {text(review.name) || review.pluginId} {review.version} <VersionStatusBadge status={review.status} />
        </h1>
        <Link to="/plugin-reviews" className="button">
          {t("pluginReview.review.back")}
        </Link>
      </div>
      {done === "approved" || done === "rejected" ? (
        <p className="notice" role="status">
          {t(`pluginReview.review.done.${done}`)}
        </p>
      ) : null}
      {failure && !failure.error.fields.notes ? (
        <p role="alert" className="form-error">
          {failure.error.message}
        </p>
      ) : null}
      <dl className="details">
        <dt>{t("pluginReview.review.plugin")}</dt>
        <dd>
          <Link to={`/plugins/${review.pluginId}`}>
            <code>{review.pluginId}</code>
          </Link>
        </dd>
        <dt>{t("pluginReview.review.developer")}</dt>
        <dd>{review.developer}</dd>
        <dt>{t("pluginReview.review.uploaded")}</dt>
        <dd>
          <DateTime value={review.createdAt} />
        </dd>
        <dt>{t("pluginReview.review.previous")}</dt>
        <dd>{review.previousVersion ?? t("pluginReview.review.firstVersion")}</dd>
        <dt>{t("pluginReview.review.package")}</dt>
        <dd>
          {t("pluginReview.review.sizes", { total: (review.sizeBytes / 1024).toFixed(1), hooks: (review.hooksBytes / 1024).toFixed(1) })} <code title={review.sha256}>sha256 {review.sha256.slice(0, 16)}…</code>
        </dd>
      </dl>
      {text(review.description) ? <p className="plugin-description">{text(review.description)}</p> : null}

      {decided ? (
        <section className={review.status === "rejected" ? "card plugin-alert" : "card"} aria-labelledby="decision-title" data-decision={review.status}>
          <h2 id="decision-title">{t("pluginReview.review.decision")}</h2>
          <p>
            <VersionStatusBadge status={review.status} />{" "}
            {review.reviewedAt ? (
              <span className="muted small">
                <DateTime value={review.reviewedAt} />
              </span>
            ) : null}
          </p>
          {review.reviewNotes ? <p className="plugin-description">{review.reviewNotes}</p> : null}
        </section>
      ) : null}

      <section className="card" aria-labelledby="diff-title">
        <h2 id="diff-title">{t("pluginReview.diff.title")}</h2>
        <p className="muted">{review.previousVersion ? t("pluginReview.diff.against", { version: review.previousVersion }) : t("pluginReview.diff.first")}</p>
        <PermissionDiff diff={review.permissionDiff} objects={summary?.objects ?? []} />
      </section>

      <section className="card" aria-labelledby="checks-title">
        <h2 id="checks-title">{t("pluginReview.checks.title")}</h2>
        <CheckResults checks={checks} />
      </section>

      <section className="card" aria-labelledby="manifest-title">
        <h2 id="manifest-title">{t("pluginReview.manifest.title")}</h2>
        {summary ? <ManifestSummary summary={summary} /> : <pre className="code">{rawManifest}</pre>}
      </section>

      <section className="card" aria-labelledby="source-title">
        <h2 id="source-title">{t("pluginReview.review.source")}</h2>
        <pre className="code" tabIndex={0} style={{ maxHeight: "32rem", overflow: "auto", whiteSpace: "pre", wordBreak: "normal" }} aria-labelledby="source-title" data-hooks-source>
          {hooksSource}
        </pre>
      </section>

      {decided ? null : (
        <section className="card" aria-labelledby="decide-title">
          <h2 id="decide-title">{t("pluginReview.review.decide")}</h2>
          <div className="two-columns">
            <Form method="post" noValidate aria-label={t("pluginReview.review.approve")}>
              <input type="hidden" name="intent" value="approve" />
              <FormField label={t("pluginReview.review.approveNotes")} name="notes" error={notesError("approve")} hint={t("pluginReview.review.approveHint")}>
                {(control) => <textarea {...control} rows={3} maxLength={4000} defaultValue={failedHere("approve")?.notes ?? ""} />}
              </FormField>
              <button type="submit" className="primary" disabled={busy}>
                {t("pluginReview.review.approve")}
              </button>
            </Form>
            <Form method="post" noValidate aria-label={t("pluginReview.review.reject")}>
              <input type="hidden" name="intent" value="reject" />
              <FormField label={t("pluginReview.review.rejectNotes")} name="notes" error={notesError("reject")} hint={t("pluginReview.review.rejectHint")} required>
                {(control) => <textarea {...control} rows={3} maxLength={4000} defaultValue={failedHere("reject")?.notes ?? ""} />}
              </FormField>
              <button type="submit" className="danger" disabled={busy}>
                {t("pluginReview.review.reject")}
              </button>
            </Form>
          </div>
        </section>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };

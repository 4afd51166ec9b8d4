import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { createCaller } from "@qudao/core/server";
import { localized, usePluginText } from "@qudao/ui/plugin-texts";
import { withPluginTexts } from "@qudao/ui/plugin-texts.server";
import pluginStyles from "@qudao/ui/plugins.css?url";
import { requestContext } from "~/.server/request.server";
import { DateTime } from "~/components/date-time";
import { pageTitle } from "~/components/page-title";
import { CheckResults, VersionStatusBadge } from "~/components/plugin-checks";
import { presentChecks } from "~/components/plugin-checks.server";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "pluginDeveloper.plugin.title", data ? localized(data.plugin.name, data.locale) || data.plugin.id : null);
export const links: LinksFunction = () => [{ rel: "stylesheet", href: pluginStyles }];

/** Outcomes the host records for a failed call; anything newer is shown as its code. */
const OUTCOMES = ["error", "timeout", "memory", "invalid_output", "missing_hook", "read_refused", "intent_refused", "dead_letter", "integrity"];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requestContext(request);
  try {
    const plugin = await createCaller(ctx).pluginDevelopers.get({ id: params.pluginId ?? "" });
    const installs = new Map(plugin.installsByVersion.map((row) => [row.version, row.installs]));
    const versions = plugin.versions.map((v) => ({
      id: v.id,
      version: v.version,
      status: v.status,
      sha256: v.sha256,
      sizeBytes: v.sizeBytes,
      permissionDiff: v.permissionDiff,
      reviewNotes: v.reviewNotes,
      reviewedAt: v.reviewedAt,
      createdAt: v.createdAt,
      installs: installs.get(v.version) ?? 0,
      checks: presentChecks(v.checks),
    }));
    return json({
      locale: ctx.locale,
      plugin: withPluginTexts({ id: plugin.id, name: plugin.name, latestVersion: plugin.latestVersion, partnerInstallAllowed: plugin.partnerInstallAllowed, delisted: plugin.delisted, activeInstalls: plugin.activeInstalls }, ctx.locale),
      versions,
      usage: plugin.usage,
      errors: plugin.errors,
      versionOf: Object.fromEntries(plugin.versions.map((v) => [v.id, v.version])),
    });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export default function DeveloperPlugin() {
  const { plugin, versions, usage, errors, versionOf } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const text = usePluginText();
  const installed = versions.filter((v) => v.installs > 0);
  return (
    <>
      <div className="page-head">
        <h1>
          {text(plugin.name) || plugin.id} <code className="muted small">{plugin.id}</code>
        </h1>
        <Link to="/developer" className="button">
          {t("pluginDeveloper.plugin.back")}
        </Link>
      </div>
      <p className="muted">
        {plugin.latestVersion ? t("pluginDeveloper.plugin.published", { version: plugin.latestVersion }) : t("pluginDeveloper.plugins.notPublished")}
        {" · "}
        {t("pluginDeveloper.plugin.activeInstalls", { count: plugin.activeInstalls })}
        {plugin.delisted ? <> · {t("pluginDeveloper.plugin.delisted")}</> : null}
        {plugin.partnerInstallAllowed ? <> · {t("pluginDeveloper.plugin.partnerInstallAllowed")}</> : null}
      </p>

      <section aria-labelledby="versions-title">
        <h2 id="versions-title">{t("pluginDeveloper.plugin.versions")}</h2>
        {versions.map((v, index) => (
          <details key={v.id} className="card" open={index === 0 || v.status === "rejected" || v.status === "checks_failed"} data-version={v.version}>
            <summary>
              <strong>{v.version}</strong> <VersionStatusBadge status={v.status} />{" "}
              <span className="muted small">
                {t("pluginDeveloper.plugin.uploaded")} <DateTime value={v.createdAt} />
                {" · "}
                {t("pluginDeveloper.plugin.permissionChanges", { added: v.permissionDiff.added.length, removed: v.permissionDiff.removed.length })}
                {" · "}
                {t("pluginDeveloper.plugin.installsOfVersion", { count: v.installs })}
              </span>
            </summary>
            {v.reviewNotes ? (
              <div className={v.status === "rejected" ? "plugin-alert" : "notice"} data-review-notes>
                <strong>{t(v.status === "rejected" ? "pluginDeveloper.plugin.rejectedNotes" : "pluginDeveloper.plugin.reviewNotes")}</strong>{" "}
                <span className="muted small">
                  <DateTime value={v.reviewedAt} />
                </span>
                <p className="plugin-description">{v.reviewNotes}</p>
              </div>
            ) : v.status === "rejected" ? (
              <p className="plugin-alert">{t("pluginDeveloper.plugin.rejectedNoNotes")}</p>
            ) : null}
            {v.status === "in_review" ? <p className="muted">{t("pluginDeveloper.plugin.inReviewHint")}</p> : null}
            {v.status === "checks_failed" ? <p className="muted">{t("pluginDeveloper.plugin.checksFailedHint")}</p> : null}
            <h3>{t("pluginReview.checks.title")}</h3>
            <CheckResults checks={v.checks} />
            <p className="muted small">
              {t("pluginDeveloper.plugin.package", { kb: (v.sizeBytes / 1024).toFixed(1) })} <code title={v.sha256}>sha256 {v.sha256.slice(0, 16)}…</code>
            </p>
          </details>
        ))}
      </section>

      <section aria-labelledby="installs-title">
        <h2 id="installs-title">{t("pluginDeveloper.plugin.installs")}</h2>
        <p className="muted">{t("pluginDeveloper.plugin.installsHint")}</p>
        {installed.length === 0 ? (
          <p className="empty">{t("pluginDeveloper.plugin.noInstalls")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("pluginDeveloper.plugin.columns.version")}</th>
                  <th scope="col">{t("pluginDeveloper.plugin.columns.installs")}</th>
                </tr>
              </thead>
              <tbody>
                {installed.map((v) => (
                  <tr key={v.id}>
                    <td>{v.version}</td>
                    <td>{v.installs}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="usage-title">
        <h2 id="usage-title">{t("pluginDeveloper.plugin.usage")}</h2>
        <p className="muted">{t("pluginDeveloper.plugin.usageHint")}</p>
        {usage.length === 0 ? (
          <p className="empty">{t("pluginDeveloper.plugin.noUsage")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("pluginDeveloper.plugin.columns.hook")}</th>
                  <th scope="col">{t("pluginDeveloper.plugin.columns.calls")}</th>
                  <th scope="col">{t("pluginDeveloper.plugin.columns.failures")}</th>
                  <th scope="col">{t("pluginDeveloper.plugin.columns.p95")}</th>
                </tr>
              </thead>
              <tbody>
                {usage.map((row) => (
                  <tr key={row.hook} data-hook={row.hook}>
                    <td>
                      <code>{row.hook}</code>
                    </td>
                    <td>{row.calls}</td>
                    <td>{row.failures}</td>
                    <td>{row.p95CpuMs === null ? "—" : t("pluginDeveloper.plugin.ms", { ms: row.p95CpuMs })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="errors-title">
        <h2 id="errors-title">{t("pluginDeveloper.plugin.errors")}</h2>
        <p className="muted">{t("pluginDeveloper.plugin.errorsHint")}</p>
        {errors.length === 0 ? (
          <p className="empty">{t("pluginDeveloper.plugin.noErrors")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("pluginDeveloper.plugin.columns.time")}</th>
                  <th scope="col">{t("pluginDeveloper.plugin.columns.version")}</th>
                  <th scope="col">{t("pluginDeveloper.plugin.columns.hook")}</th>
                  <th scope="col">{t("pluginDeveloper.plugin.columns.outcome")}</th>
                  <th scope="col">{t("pluginDeveloper.plugin.columns.code")}</th>
                  <th scope="col">{t("pluginDeveloper.plugin.columns.message")}</th>
                </tr>
              </thead>
              <tbody>
                {errors.map((e) => (
                  <tr key={e.id}>
                    <td className="nowrap">
                      <DateTime value={e.createdAt} style="precise" />
                    </td>
                    <td>{versionOf[e.versionId] ?? "—"}</td>
                    <td>
                      <code>{e.hook}</code>
                    </td>
                    <td>{OUTCOMES.includes(e.outcome) ? t(`pluginDeveloper.outcome.${e.outcome}`) : e.outcome}</td>
                    <td>
                      <code>{e.code}</code>
                    </td>
                    <td>
                      <pre className="json">{e.message}</pre>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };

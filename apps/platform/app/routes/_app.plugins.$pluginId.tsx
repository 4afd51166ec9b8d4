import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can, notFound } from "@qudao/core/server";
import { localized, usePluginText } from "@qudao/ui/plugin-texts";
import { withPluginTexts } from "@qudao/ui/plugin-texts.server";
import pluginStyles from "@qudao/ui/plugins.css?url";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { DateTime } from "~/components/date-time";
import { pageTitle } from "~/components/page-title";
import { VersionStatusBadge } from "~/components/plugin-checks";
import { formText, throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "pluginReview.plugins.title", data ? localized(data.plugin.name, data.locale) || data.plugin.id : null);
export const links: LinksFunction = () => [{ rel: "stylesheet", href: pluginStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const id = params.pluginId ?? "";
  try {
    const [plugins, versions, installs] = await Promise.all([caller.pluginReviews.plugins(), caller.pluginReviews.versions({ id }), caller.pluginInstalls.list()]);
    const plugin = plugins.find((p) => p.id === id);
    if (!plugin) throw notFound("Plugin");
    const platformInstall = installs.find((i) => i.pluginId === id && i.scope === "platform") ?? null;
    return json({
      locale: ctx.locale,
      plugin: withPluginTexts(plugin, ctx.locale),
      versions: versions.map((v) => ({ id: v.id, version: v.version, status: v.status, createdAt: v.createdAt, reviewedAt: v.reviewedAt, added: v.permissionDiff.added.length, removed: v.permissionDiff.removed.length })),
      platformInstall: platformInstall ? { status: platformInstall.status, version: platformInstall.version, pendingVersion: platformInstall.pendingVersion } : null,
      partnerInstalls: installs.filter((i) => i.pluginId === id && i.scope === "partner" && (i.status === "active" || i.status === "disabled")).length,
      mayChangePolicy: can(actor, "plugin:policy"),
    });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

/** Policy switches (admins): partners may install it themselves; delisted from the marketplace. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const setting = formText(form, "setting");
  const value = formText(form, "value") === "true";
  const pluginId = params.pluginId ?? "";
  if (setting !== "partnerInstallAllowed" && setting !== "delisted") throw new Response(null, { status: 400 });
  try {
    await caller.pluginReviews.setPolicy({ pluginId, [setting]: value });
    return redirect(`/plugins/${pluginId}?done=${setting}`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json(body, { status });
  }
}

export default function PluginAdmin() {
  const { plugin, versions, platformInstall, partnerInstalls, mayChangePolicy } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation();
  const text = usePluginText();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const done = params.get("done");
  const listed = plugin.latestVersionId !== null && !plugin.delisted;
  return (
    <>
      <div className="page-head">
        <h1>
          {text(plugin.name) || plugin.id} <code className="muted small">{plugin.id}</code>
        </h1>
        <Link to="/plugins" className="button">
          {t("pluginReview.plugins.back")}
        </Link>
      </div>
      {done === "partnerInstallAllowed" || done === "delisted" ? (
        <p className="notice" role="status">
          {t("pluginReview.plugins.policySaved")}
        </p>
      ) : null}
      {failure?.error ? (
        <p role="alert" className="form-error">
          {failure.error.message}
        </p>
      ) : null}
      <dl className="details">
        <dt>{t("pluginReview.plugins.columns.developer")}</dt>
        <dd>{plugin.developer}</dd>
        <dt>{t("pluginReview.plugins.columns.listing")}</dt>
        <dd>{t(`pluginReview.plugins.listing.${plugin.delisted ? "delisted" : listed ? "listed" : "unpublished"}`)}</dd>
        <dt>{t("pluginReview.plugins.platformInstall")}</dt>
        <dd>
          {platformInstall ? (
            <>
              <span className={`badge plugin-status-${platformInstall.status === "active" ? "active" : platformInstall.status === "disabled" ? "disabled" : "uninstalled"}`}>{t(`pluginReview.installStatus.${platformInstall.status}`)}</span> {platformInstall.version}
              {platformInstall.pendingVersion ? (
                <>
                  {" · "}
                  <span className="badge plugin-status-pending">{t("pluginReview.installed.pendingShort", { version: platformInstall.pendingVersion })}</span>
                </>
              ) : null}{" "}
              <Link to="/marketplace/installed">{t("pluginReview.plugins.manageInstall")}</Link>
            </>
          ) : listed ? (
            <Link to={`/marketplace/${plugin.id}`}>{t("pluginReview.plugins.notInstalled")}</Link>
          ) : (
            t("pluginReview.plugins.notInstalledUnlisted")
          )}
        </dd>
        <dt>{t("pluginReview.plugins.partnerInstalls")}</dt>
        <dd>{partnerInstalls}</dd>
      </dl>

      <section className="card" aria-labelledby="policy-title">
        <h2 id="policy-title">{t("pluginReview.plugins.policy")}</h2>
        <PolicySwitch setting="partnerInstallAllowed" on={plugin.partnerInstallAllowed} mayChange={mayChangePolicy} busy={busy} />
        <PolicySwitch setting="delisted" on={plugin.delisted} mayChange={mayChangePolicy} busy={busy} />
        {mayChangePolicy ? null : <p className="muted small">{t("pluginReview.plugins.adminsOnly")}</p>}
      </section>

      <section aria-labelledby="versions-title">
        <h2 id="versions-title">{t("pluginReview.plugins.versions")}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("pluginReview.queue.columns.version")}</th>
                <th scope="col">{t("pluginReview.plugins.columns.status")}</th>
                <th scope="col">{t("pluginReview.plugins.columns.permissions")}</th>
                <th scope="col">{t("pluginReview.plugins.columns.uploaded")}</th>
                <th scope="col">{t("pluginReview.plugins.columns.reviewed")}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.id} data-version={v.version}>
                  <td>{v.version}</td>
                  <td>
                    <VersionStatusBadge status={v.status} />
                  </td>
                  <td>{t("pluginDeveloper.plugin.permissionChanges", { added: v.added, removed: v.removed })}</td>
                  <td className="nowrap">
                    <DateTime value={v.createdAt} />
                  </td>
                  <td className="nowrap">
                    <DateTime value={v.reviewedAt} />
                  </td>
                  <td>
                    <Link to={`/plugin-reviews/${v.id}`} className="button">
                      {t(v.status === "in_review" ? "pluginReview.queue.review" : "pluginReview.plugins.open")}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

/** One policy: its state in words and, for admins, the button that flips it. */
function PolicySwitch({ setting, on, mayChange, busy }: { setting: "partnerInstallAllowed" | "delisted"; on: boolean; mayChange: boolean; busy: boolean }) {
  const { t } = useTranslation();
  return (
    <Form method="post" className="inline-form" data-policy={setting} data-on={on}>
      <input type="hidden" name="setting" value={setting} />
      <input type="hidden" name="value" value={on ? "false" : "true"} />
      <span>
        <strong>{t(`pluginReview.plugins.policies.${setting}.label`)}</strong>{" "}
        <span className={`badge ${on ? "plugin-status-active" : "plugin-status-uninstalled"}`}>{t(on ? "pluginReview.plugins.on" : "pluginReview.plugins.off")}</span>
        <span className="hint"> {t(`pluginReview.plugins.policies.${setting}.hint`)}</span>
      </span>
      {mayChange ? (
        <button type="submit" className={setting === "delisted" && !on ? "danger" : undefined} disabled={busy}>
          {t(`pluginReview.plugins.policies.${setting}.${on ? "turnOff" : "turnOn"}`)}
        </button>
      ) : null}
    </Form>
  );
}

export { RouteErrorBoundary as ErrorBoundary };

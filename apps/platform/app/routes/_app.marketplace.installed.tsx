import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can, env, loaderFailure } from "@qudao/core/server";
import { PluginPermissionList } from "@qudao/ui/plugin-permissions";
import { PluginSettingsFields, settingsFormValues, type PluginSetting } from "@qudao/ui/plugin-settings";
import { pluginSettingDefinitions, pluginSettingsSubmission } from "@qudao/ui/plugin-settings.server";
import { usePluginText, type LocalizedText } from "@qudao/ui/plugin-texts";
import { withPluginTexts } from "@qudao/ui/plugin-texts.server";
import pluginStyles from "@qudao/ui/plugins.css?url";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { DateTime, useDateFormat } from "~/components/date-time";
import { formClassNames } from "~/components/form-field";
import { pageTitle } from "~/components/page-title";
import { formText, throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "pluginReview.installed.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: pluginStyles }];

const INTENTS = ["consent", "settings", "rollback", "enable", "uninstall", "restore"] as const;
type Intent = (typeof INTENTS)[number];
const DONE = [...INTENTS, "installed"] as const;

/**
 * The plugins installed for the whole platform: status and version, an upgrade waiting for consent
 * (what it adds, highlighted), the circuit breaker's stop, settings, rollback, uninstall (data kept
 * for the quarantine window) and restore. Partners' own installs are counted per plugin.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  try {
    const installs = await caller.pluginInstalls.list();
    const now = Date.now();
    const platform = await Promise.all(
      installs
        .filter((i) => i.scope === "platform" && i.status !== "purged")
        .map(async (install) => {
          // A delisted plugin keeps running where installed; it just has no listing any more.
          const listing = await caller.marketplace.get({ id: install.pluginId }).catch((error: unknown) => {
            if (loaderFailure(error, ctx.locale).status === 404) return null;
            throw error;
          });
          return {
            ...install,
            listed: listing !== null,
            restorable: install.status === "uninstalled" && install.purgeAfter !== null && install.purgeAfter.getTime() > now,
            objects: (listing?.contributes.objects ?? []) as Array<{ name: string; label: LocalizedText }>,
            settingDefinitions: listing ? pluginSettingDefinitions(listing.settings) : [],
          };
        }),
    );
    const partnerCounts = new Map<string, { name: LocalizedText; active: number; disabled: number }>();
    for (const install of installs) {
      if (install.scope !== "partner" || (install.status !== "active" && install.status !== "disabled")) continue;
      const entry = partnerCounts.get(install.pluginId) ?? { name: install.name, active: 0, disabled: 0 };
      entry[install.status] += 1;
      partnerCounts.set(install.pluginId, entry);
    }
    return json({
      installs: withPluginTexts(platform, ctx.locale),
      partnerInstalls: withPluginTexts([...partnerCounts.entries()].map(([pluginId, counts]) => ({ pluginId, ...counts })), ctx.locale),
      mayManage: can(actor, "plugin:install"),
      quarantineDays: env().PLUGIN_QUARANTINE_DAYS,
    });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const intent = INTENTS.find((i) => i === formText(form, "intent"));
  const installId = formText(form, "installId");
  if (!intent) throw new Response(null, { status: 400 });
  let typed: Record<string, string> = {};
  try {
    switch (intent) {
      case "consent":
        await caller.pluginInstalls.consent({ installId, consentedPermissions: form.getAll("permission").filter((p): p is string => typeof p === "string") });
        break;
      case "settings": {
        const listing = await caller.marketplace.get({ id: formText(form, "pluginId") });
        const submitted = pluginSettingsSubmission(form, pluginSettingDefinitions(listing.settings));
        typed = submitted.typed;
        await caller.pluginInstalls.settings({ installId, settings: submitted.settings });
        break;
      }
      case "rollback":
        await caller.pluginInstalls.rollback({ installId });
        break;
      case "enable":
        await caller.pluginInstalls.enable({ installId });
        break;
      case "uninstall":
        await caller.pluginInstalls.uninstall({ installId });
        break;
      case "restore":
        await caller.pluginInstalls.restore({ installId });
        break;
    }
    return redirect(`/marketplace/installed?done=${intent}&install=${encodeURIComponent(installId)}`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ ...body, intent, installId, values: typed }, { status });
  }
}

type Install = ReturnType<typeof useLoaderData<typeof loader>>["installs"][number];

function statusClass(status: string): string {
  return status === "active" ? "plugin-status-active" : status === "disabled" ? "plugin-status-disabled" : "plugin-status-uninstalled";
}

function InstallCard({ install, mayManage, quarantineDays }: { install: Install; mayManage: boolean; quarantineDays: number }) {
  const { t } = useTranslation();
  const text = usePluginText();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const format = useDateFormat();
  const failed = (intent: Intent) => (failure && failure.installId === install.id && failure.intent === intent ? failure : null);
  const errorFor = (intent: Intent) => {
    const f = failed(intent);
    return f ? (
      <p role="alert" className="form-error">
        {f.error.message}
      </p>
    ) : null;
  };
  const live = install.status === "active" || install.status === "disabled";
  const settings = install.settingDefinitions as PluginSetting[];
  const settingsFailure = failed("settings");
  return (
    <section className="card" aria-labelledby={`install-${install.id}`} data-install-id={install.id} data-plugin-id={install.pluginId} data-status={install.status}>
      <h2 id={`install-${install.id}`}>
        {install.listed ? <Link to={`/marketplace/${install.pluginId}`}>{text(install.name) || install.pluginId}</Link> : text(install.name) || install.pluginId}{" "}
        <span className={`badge ${statusClass(install.status)}`}>{t(`pluginReview.installStatus.${install.status}`)}</span>
      </h2>
      <p className="plugin-meta">
        <span>{t("pluginReview.installed.version", { version: install.version })}</span>
        {install.previousVersion ? <span>{t("pluginReview.installed.previous", { version: install.previousVersion })}</span> : null}
        <span>
          {t("pluginReview.installed.updated")} <DateTime value={install.updatedAt} />
        </span>
      </p>

      {install.status === "disabled" ? (
        <div className="plugin-alert">
          <p>{install.disabledReason === "circuit_open" ? t("pluginReview.installed.circuitOpen") : t("pluginReview.installed.disabled")}</p>
          {errorFor("enable")}
          {mayManage ? (
            <Form method="post">
              <input type="hidden" name="intent" value="enable" />
              <input type="hidden" name="installId" value={install.id} />
              <button type="submit" className="primary" disabled={busy}>
                {t("pluginReview.installed.enable")}
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}

      {install.pendingVersion && live ? (
        <div className="card plugin-upgrade" data-pending-version={install.pendingVersion}>
          <h3>{t("pluginReview.installed.upgradeTitle", { version: install.pendingVersion })}</h3>
          {install.pendingPermissions.length > 0 ? (
            <>
              <p>{t("pluginReview.installed.upgradeAdds", { version: install.pendingVersion, current: install.version })}</p>
              <PluginPermissionList permissions={install.pendingVersionPermissions} objects={install.objects} added={install.pendingPermissions} />
            </>
          ) : (
            <p>{t("pluginReview.installed.upgradeHeld", { version: install.pendingVersion })}</p>
          )}
          {errorFor("consent")}
          {mayManage ? (
            <Form method="post">
              <input type="hidden" name="intent" value="consent" />
              <input type="hidden" name="installId" value={install.id} />
              {/* Consent names every permission of the waiting version, exactly. */}
              {install.pendingVersionPermissions.map((permission) => (
                <input key={permission} type="hidden" name="permission" value={permission} />
              ))}
              <button type="submit" className="primary" disabled={busy}>
                {t("pluginReview.installed.consent", { version: install.pendingVersion })}
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}

      {install.status === "uninstalled" ? (
        <div className="warning">
          <p>{install.restorable ? t("pluginReview.installed.uninstalledUntil", { date: format(install.purgeAfter) }) : t("pluginReview.installed.uninstalledExpired")}</p>
          {errorFor("restore")}
          {mayManage && install.restorable ? (
            <Form method="post">
              <input type="hidden" name="intent" value="restore" />
              <input type="hidden" name="installId" value={install.id} />
              <button type="submit" className="primary" disabled={busy}>
                {t("pluginReview.installed.restore")}
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}

      <h3>{t("pluginReview.installed.granted")}</h3>
      <PluginPermissionList permissions={install.grantedPermissions} objects={install.objects} />

      {live && settings.length > 0 ? (
        <details open={Boolean(settingsFailure)}>
          <summary>{t("pluginReview.installed.settings")}</summary>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="settings" />
            <input type="hidden" name="installId" value={install.id} />
            <input type="hidden" name="pluginId" value={install.pluginId} />
            {errorFor("settings")}
            <PluginSettingsFields
              settings={settings}
              values={settingsFailure?.values ?? settingsFormValues(settings, install.settings)}
              errors={settingsFailure?.error.fields ?? {}}
              classNames={formClassNames}
              readOnly={!mayManage}
            />
            {mayManage ? (
              <button type="submit" className="primary" disabled={busy}>
                {t("common.actions.save")}
              </button>
            ) : null}
          </Form>
        </details>
      ) : null}

      {live && mayManage ? (
        <div className="plugin-actions">
          {install.previousVersion ? (
            <Form
              method="post"
              onSubmit={(event) => {
                if (!window.confirm(t("pluginReview.installed.rollbackConfirm", { version: install.previousVersion }))) event.preventDefault();
              }}
            >
              <input type="hidden" name="intent" value="rollback" />
              <input type="hidden" name="installId" value={install.id} />
              <button type="submit" disabled={busy}>
                {t("pluginReview.installed.rollback", { version: install.previousVersion })}
              </button>
            </Form>
          ) : null}
          <details className="plugin-confirm">
            <summary>{t("pluginReview.installed.uninstall")}</summary>
            <div className="plugin-confirm-panel">
              <p>{t("pluginReview.installed.uninstallNote", { days: quarantineDays })}</p>
              <Form method="post">
                <input type="hidden" name="intent" value="uninstall" />
                <input type="hidden" name="installId" value={install.id} />
                <button type="submit" className="danger" disabled={busy}>
                  {t("pluginReview.installed.uninstallConfirm")}
                </button>
              </Form>
            </div>
          </details>
        </div>
      ) : null}
      {errorFor("rollback")}
      {errorFor("uninstall")}
    </section>
  );
}

export default function InstalledPlugins() {
  const { installs, partnerInstalls, mayManage, quarantineDays } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const text = usePluginText();
  const [params] = useSearchParams();
  const done = DONE.find((d) => d === params.get("done"));
  return (
    <>
      <div className="page-head">
        <h1>{t("pluginReview.installed.title")}</h1>
        <Link to="/marketplace" className="button">
          {t("pluginReview.installed.browse")}
        </Link>
      </div>
      {done ? (
        <p className="notice" role="status">
          {t(`pluginReview.installed.done.${done}`)}
        </p>
      ) : null}
      {installs.length === 0 ? (
        <p className="empty">{t("pluginReview.installed.empty")}</p>
      ) : (
        installs.map((install) => <InstallCard key={install.id} install={install} mayManage={mayManage} quarantineDays={quarantineDays} />)
      )}

      <section aria-labelledby="partner-installs-title">
        <h2 id="partner-installs-title">{t("pluginReview.installed.partnerTitle")}</h2>
        <p className="muted">{t("pluginReview.installed.partnerIntro")}</p>
        {partnerInstalls.length === 0 ? (
          <p className="empty">{t("pluginReview.installed.partnerEmpty")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("pluginReview.installed.columns.plugin")}</th>
                  <th scope="col">{t("pluginReview.installed.columns.active")}</th>
                  <th scope="col">{t("pluginReview.installed.columns.disabled")}</th>
                </tr>
              </thead>
              <tbody>
                {partnerInstalls.map((row) => (
                  <tr key={row.pluginId}>
                    <td>
                      {text(row.name) || row.pluginId} <code className="muted small">{row.pluginId}</code>
                    </td>
                    <td>{row.active}</td>
                    <td>{row.disabled}</td>
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

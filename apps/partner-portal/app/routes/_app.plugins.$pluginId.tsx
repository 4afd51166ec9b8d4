import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can, env, loaderFailure, notFound } from "@qudao/core/server";
import { PluginPermissionList } from "@qudao/ui/plugin-permissions";
import { PluginSettingsFields, settingsFormValues } from "@qudao/ui/plugin-settings";
import { pluginSettingDefinitions, pluginSettingsSubmission } from "@qudao/ui/plugin-settings.server";
import { localized, usePluginText } from "@qudao/ui/plugin-texts";
import { withPluginTexts } from "@qudao/ui/plugin-texts.server";
import pluginStyles from "@qudao/ui/plugins.css?url";
import { actionError, errorResponse, requireSignedIn } from "~/.server/request.server";
import { formClassNames } from "~/components/form-field";
import { RouteErrorBoundary } from "~/components/route-error";
import { useDateFormat } from "~/date-format";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? pageTitle(matches, "marketplace.meta.manage", { name: data.title }) : pageTitle(matches, "portal.meta.error");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: pluginStyles }];

const INTENTS = ["consent", "settings", "rollback", "enable", "uninstall", "restore"] as const;
type Intent = (typeof INTENTS)[number];

type Caller = Awaited<ReturnType<typeof requireSignedIn>>["caller"];

/** The install that applies to this partner: its own, else the platform's for everyone (404 when neither). */
async function installFor(caller: Caller, partnerId: string, pluginId: string) {
  const installs = (await caller.pluginInstalls.list()).filter((i) => i.pluginId === pluginId);
  const install = installs.find((i) => i.partnerId === partnerId) ?? installs.find((i) => i.partnerId === null);
  if (!install) throw notFound("PluginInstall");
  return install;
}

/**
 * An installed plugin: status and version, an upgrade waiting for consent (with what it adds), the
 * circuit breaker's stop, settings, rollback, uninstall (data kept for 30 days) and restore.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const pluginId = params.pluginId ?? "";
  try {
    const install = await installFor(caller, actor.partnerId, pluginId);
    // A delisted plugin keeps running where installed; it just has no listing any more.
    const listing = await caller.marketplace.get({ id: pluginId }).catch((error: unknown) => {
      if (loaderFailure(error, ctx.locale).status === 404) return null;
      throw error;
    });
    const ui = (await caller.pluginInstalls.ui({ surface: "portal" })).find((p) => p.pluginId === pluginId);
    // The running version's settings: what core checks them against (the listing may be a newer version).
    const settings = pluginSettingDefinitions(install.settingDefinitions);
    const now = Date.now();
    return json(
      withPluginTexts(
        {
          title: localized(install.name, ctx.locale),
          install: { ...install, restorable: install.status === "uninstalled" && install.purgeAfter !== null && install.purgeAfter.getTime() > now },
          // Consent names every permission of the waiting version.
          pendingFullPermissions: install.pendingVersion ? install.pendingVersionPermissions : null,
          objects: listing?.contributes.objects ?? ui?.objects.map((o) => ({ name: o.name, label: o.label })) ?? [],
          pages: (ui?.navigation ?? []).map((n) => ({ to: `/x/${n.object}`, label: n.label })),
          settings,
          mayManage: can(actor, "plugin:install") && install.partnerId === actor.partnerId,
          quarantineDays: env().PLUGIN_QUARANTINE_DAYS,
        },
        ctx.locale,
      ),
    );
  } catch (error) {
    return errorResponse(error, ctx);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const pluginId = params.pluginId ?? "";
  const form = await request.formData();
  const intent: Intent = INTENTS.find((i) => i === form.get("intent")) ?? "settings";
  let typed: Record<string, string> | null = null;
  try {
    const { id: installId, settingDefinitions } = await installFor(caller, actor.partnerId, pluginId);
    if (intent === "consent") {
      const consentedPermissions = form.getAll("permission").filter((p): p is string => typeof p === "string");
      await caller.pluginInstalls.consent({ installId, consentedPermissions });
    } else if (intent === "settings") {
      const submitted = pluginSettingsSubmission(form, pluginSettingDefinitions(settingDefinitions));
      typed = submitted.typed;
      await caller.pluginInstalls.settings({ installId, settings: submitted.settings });
    } else if (intent === "rollback") await caller.pluginInstalls.rollback({ installId });
    else if (intent === "enable") await caller.pluginInstalls.enable({ installId });
    else if (intent === "uninstall") await caller.pluginInstalls.uninstall({ installId });
    else await caller.pluginInstalls.restore({ installId });
    return redirect(`/plugins/${pluginId}?done=${intent}`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ intent, ...body, values: typed }, { status });
  }
}

export default function InstalledPlugin() {
  const { install, pendingFullPermissions, objects, pages, settings, mayManage, quarantineDays } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const text = usePluginText();
  const format = useDateFormat();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const done = params.get("installed") ? "installed" : INTENTS.find((i) => i === params.get("done"));
  const error = (intent: Intent) =>
    result?.error && result.intent === intent ? (
      <p role="alert" className="form-error">
        {result.error.message}
      </p>
    ) : null;
  const intentButton = (intent: Intent, label: string, className?: string) => (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={className} disabled={busy}>
        {label}
      </button>
    </Form>
  );
  return (
    <>
      <div className="page-head">
        <h1>
          {text(install.name)}
          <span className={`badge plugin-status-${install.status}`}>{t(`marketplace.install.${install.status}`)}</span>
        </h1>
        <Link to="/plugins" className="button link-button">
          {t("marketplace.manage.back")}
        </Link>
      </div>
      <p className="plugin-meta">
        <span>{t("marketplace.detail.version", { version: install.version })}</span>
        <span>{install.scope === "platform" ? t("marketplace.installed.platformWide") : t("marketplace.installed.ours")}</span>
        <Link to={`/marketplace/${install.pluginId}`}>{t("marketplace.manage.listing")}</Link>
      </p>
      {done ? (
        <p className="notice" role="status">
          {t(`marketplace.manage.done.${done}`)}
        </p>
      ) : null}
      {install.scope === "platform" ? <p className="muted">{t("marketplace.manage.platformManaged")}</p> : null}

      {install.status === "disabled" ? (
        <section className="plugin-alert" aria-labelledby="plugin-disabled">
          <h2 id="plugin-disabled" className="card-title">
            {t("marketplace.manage.disabledTitle")}
          </h2>
          <p>{install.disabledReason === "circuit_open" ? t("marketplace.manage.circuitOpen") : t("marketplace.manage.disabled")}</p>
          {error("enable")}
          {mayManage ? intentButton("enable", t("marketplace.manage.enable"), "primary") : null}
        </section>
      ) : null}

      {install.status === "uninstalled" ? (
        <section className="card" aria-labelledby="plugin-uninstalled">
          <h2 id="plugin-uninstalled" className="card-title">
            {t("marketplace.manage.uninstalledTitle")}
          </h2>
          <p>{install.restorable && install.purgeAfter ? t("marketplace.manage.keptUntil", { date: format.date(install.purgeAfter) }) : t("marketplace.manage.purgeDue")}</p>
          {error("restore")}
          {mayManage && install.restorable ? intentButton("restore", t("marketplace.manage.restore"), "primary") : null}
        </section>
      ) : null}

      {install.status !== "uninstalled" && pages.length > 0 ? (
        <section className="card" aria-labelledby="plugin-pages">
          <h2 id="plugin-pages" className="card-title">
            {t("marketplace.manage.pages")}
          </h2>
          <p className="plugin-actions">
            {pages.map((page) => (
              <Link key={page.to} to={page.to} className="button">
                {text(page.label)}
              </Link>
            ))}
          </p>
        </section>
      ) : null}

      {install.pendingVersion && install.status !== "uninstalled" ? (
        <section className="card plugin-upgrade" aria-labelledby="plugin-upgrade">
          <h2 id="plugin-upgrade" className="card-title">
            {t("marketplace.manage.upgradeTitle", { version: install.pendingVersion })}
          </h2>
          {install.pendingPermissions.length > 0 ? (
            <>
              <p>{t("marketplace.manage.upgradeAdds", { version: install.pendingVersion, current: install.version })}</p>
              <PluginPermissionList permissions={install.pendingPermissions} objects={objects} added={install.pendingPermissions} />
            </>
          ) : (
            <p>{t("marketplace.manage.upgradeHeld", { version: install.pendingVersion })}</p>
          )}
          {error("consent")}
          {mayManage && pendingFullPermissions ? (
            <Form method="post">
              <input type="hidden" name="intent" value="consent" />
              {pendingFullPermissions.map((permission) => (
                <input key={permission} type="hidden" name="permission" value={permission} />
              ))}
              <button type="submit" className="primary" disabled={busy}>
                {t("marketplace.manage.consent", { version: install.pendingVersion })}
              </button>
            </Form>
          ) : mayManage ? (
            <p className="muted">{t("marketplace.manage.consentUnavailable")}</p>
          ) : null}
        </section>
      ) : null}

      <section className="card" aria-labelledby="plugin-granted">
        <h2 id="plugin-granted" className="card-title">
          {t("marketplace.manage.granted")}
        </h2>
        <PluginPermissionList permissions={install.grantedPermissions} objects={objects} />
      </section>

      {install.status !== "uninstalled" ? (
        <section className="card" aria-labelledby="plugin-settings">
          <h2 id="plugin-settings" className="card-title">
            {t("marketplace.detail.settings")}
          </h2>
          {settings.length === 0 ? (
            <p className="muted">{t("marketplace.detail.noSettings")}</p>
          ) : mayManage ? (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="settings" />
              {error("settings")}
              <PluginSettingsFields settings={settings} values={result?.intent === "settings" && result.values ? result.values : settingsFormValues(settings, install.settings)} errors={result?.intent === "settings" ? result.error.fields : {}} classNames={formClassNames} />
              <div className={formClassNames.actions}>
                <button type="submit" disabled={busy}>
                  {t("marketplace.manage.saveSettings")}
                </button>
              </div>
            </Form>
          ) : (
            <PluginSettingsFields settings={settings} values={settingsFormValues(settings, install.settings)} errors={{}} classNames={formClassNames} readOnly />
          )}
        </section>
      ) : null}

      {mayManage && install.status !== "uninstalled" ? (
        <section className="card danger-zone" aria-labelledby="plugin-danger">
          <h2 id="plugin-danger" className="card-title">
            {t("marketplace.manage.changeTitle")}
          </h2>
          {install.previousVersion ? (
            <div className="field">
              <p>{t("marketplace.manage.rollbackHint", { version: install.previousVersion })}</p>
              {error("rollback")}
              {intentButton("rollback", t("marketplace.manage.rollback", { version: install.previousVersion }))}
            </div>
          ) : null}
          {error("uninstall")}
          <details className="plugin-confirm">
            <summary>{t("marketplace.manage.uninstall")}</summary>
            <div className="plugin-confirm-panel">
              <p>{t("marketplace.manage.uninstallConfirm", { days: quarantineDays })}</p>
              {intentButton("uninstall", t("marketplace.manage.uninstallButton"), "danger")}
            </div>
          </details>
        </section>
      ) : null}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };

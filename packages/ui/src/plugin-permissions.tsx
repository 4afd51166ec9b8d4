/**
 * A plugin's permissions in plain words, for listings and consent screens: `records:write:customer`
 * reads "Read and change “Customer” records". The phrase keys are core's `plugins.permission.*`;
 * an object is named by the plugin's own label for it, or core's name for a core object.
 */
import { useTranslation } from "react-i18next";
import { permissionPhrase } from "@qudao/plugins/permissions";
import { usePluginText, type LocalizedText } from "./plugin-texts.ts";

const CORE_OBJECTS = ["customer", "lead", "opportunity", "activity", "task", "order"];

export function PluginPermissionList({
  permissions,
  objects,
  added = [],
}: {
  permissions: readonly string[];
  /** The plugin's objects, to name them as the plugin does. */
  objects: ReadonlyArray<{ name: string; label: LocalizedText }>;
  /** Permissions to mark as new (an upgrade asking for more than was granted). */
  added?: readonly string[];
}) {
  const { t } = useTranslation();
  const text = usePluginText();
  const objectName = (name: string) => {
    const own = objects.find((o) => o.name === name);
    if (own) return text(own.label);
    return CORE_OBJECTS.includes(name) ? t(`marketplace.coreObject.${name}`) : name;
  };
  if (permissions.length === 0) return <p className="plugin-permissions-none">{t("marketplace.permissions.none")}</p>;
  return (
    <ul className="plugin-permissions">
      {permissions.map((permission) => {
        const phrase = permissionPhrase(permission);
        const isNew = added.includes(permission);
        return (
          <li key={permission} data-permission={permission} className={isNew ? "plugin-permission-added" : undefined}>
            <span>{phrase ? t(phrase.key, phrase.object ? { object: objectName(phrase.object) } : {}) : permission}</span>
            {isNew ? <span className="plugin-badge plugin-badge-new">{t("marketplace.permissions.new")}</span> : null}
            <code className="plugin-permission-code">{permission}</code>
          </li>
        );
      })}
    </ul>
  );
}

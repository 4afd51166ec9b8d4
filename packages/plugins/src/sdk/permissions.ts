/**
 * Permissions are data: `<area>:<action>[:<target>]`. The host grants a set of them at install and
 * checks every read and every intent against that set; a plugin never gets more than it was granted.
 *
 *   records:read:<object>      read records of a core object or a plugin object (`<ns>__visit`)
 *   records:write:<object>     patch / create records of that object (custom fields only on core objects)
 *   customers:read:contact     personal data on customers (phone, email, contact persons)
 *   tasks:create               create tasks
 *   notify                     send in-app notifications to the installer's users
 *   schedule                   run scheduled hooks
 *   events:emit                emit the plugin's own events (`<ns>.<name>`)
 *   orders:create              place core orders for the tenant partner (the `createOrder` intent)
 */
export const CORE_OBJECTS = ["customer", "lead", "opportunity", "activity", "task", "order"] as const;
export type CoreObject = (typeof CORE_OBJECTS)[number];

/** `acme.pharma` → `acme_pharma`: the prefix of every name a plugin contributes (`acme_pharma__visit`). */
export function namespaceOf(pluginId: string): string {
  return pluginId.replace(/\./g, "_");
}

export const PLUGIN_ID_PATTERN = /^[a-z][a-z0-9]{1,30}(\.[a-z][a-z0-9]{1,30}){1,2}$/;
/** `<ns>__name`: name in lowerCamelCase after the double underscore. */
export const NAMESPACED_NAME_PATTERN = /^[a-z][a-z0-9_]*__[a-z][a-zA-Z0-9]{0,47}$/;

export function isNamespacedBy(name: string, pluginId: string): boolean {
  return name.startsWith(`${namespaceOf(pluginId)}__`) && NAMESPACED_NAME_PATTERN.test(name);
}

export function isCoreObject(name: string): name is CoreObject {
  return (CORE_OBJECTS as readonly string[]).includes(name);
}

export type Permission =
  | { area: "records"; action: "read" | "write"; object: string }
  | { area: "customers"; action: "read"; object: "contact" }
  | { area: "tasks"; action: "create" }
  | { area: "notify" }
  | { area: "schedule" }
  | { area: "events"; action: "emit" }
  | { area: "orders"; action: "create" };

const PERMISSION_PATTERN =
  /^(records:(read|write):([a-z][a-z0-9_]*(__[a-z][a-zA-Z0-9]*)?)|customers:read:contact|tasks:create|notify|schedule|events:emit|orders:create)$/;

export function parsePermission(text: string): Permission | null {
  if (!PERMISSION_PATTERN.test(text)) return null;
  const [area, action, object] = text.split(":");
  switch (area) {
    case "records": {
      const target = object as string;
      if (!isCoreObject(target) && !NAMESPACED_NAME_PATTERN.test(target)) return null;
      return { area, action: action as "read" | "write", object: target };
    }
    case "customers":
      return { area, action: "read", object: "contact" };
    case "tasks":
      return { area, action: "create" };
    case "events":
      return { area, action: "emit" };
    case "orders":
      return { area, action: "create" };
    case "notify":
      return { area };
    case "schedule":
      return { area };
    default:
      return null;
  }
}

/** `records:write:x` implies `records:read:x`; nothing else implies anything. */
export function expandPermissions(granted: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const p of granted) {
    out.add(p);
    if (p.startsWith("records:write:")) out.add(`records:read:${p.slice("records:write:".length)}`);
  }
  return out;
}

export function hasPermission(granted: readonly string[], wanted: string): boolean {
  return expandPermissions(granted).has(wanted);
}

/** Whether a new version's permissions are within what was granted (then upgrades roll out without consent). */
export function permissionsWithin(requested: readonly string[], granted: readonly string[]): boolean {
  const have = expandPermissions(granted);
  return requested.every((p) => have.has(p));
}

export type PermissionDiff = { added: string[]; removed: string[]; unchanged: string[] };

export function diffPermissions(previous: readonly string[], next: readonly string[]): PermissionDiff {
  const before = new Set(previous);
  const after = new Set(next);
  return {
    added: [...after].filter((p) => !before.has(p)).sort(),
    removed: [...before].filter((p) => !after.has(p)).sort(),
    unchanged: [...after].filter((p) => before.has(p)).sort(),
  };
}

/**
 * The i18n key (in the host's `plugins.permission.*` namespace; `pluginExtensions.permission.*` for
 * those issue 7 added) that says a permission in plain words,
 * and its interpolation values; the object label is resolved by the host.
 */
export function permissionPhrase(text: string): { key: string; object?: string } | null {
  const p = parsePermission(text);
  if (!p) return null;
  switch (p.area) {
    case "records":
      return { key: `plugins.permission.records_${p.action}`, object: p.object };
    case "customers":
      return { key: "plugins.permission.customers_read_contact" };
    case "tasks":
      return { key: "plugins.permission.tasks_create" };
    case "events":
      return { key: "plugins.permission.events_emit" };
    case "orders":
      return { key: "pluginExtensions.permission.orders_create" };
    case "notify":
      return { key: "plugins.permission.notify" };
    case "schedule":
      return { key: "plugins.permission.schedule" };
  }
}

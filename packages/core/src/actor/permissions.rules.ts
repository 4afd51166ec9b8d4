/**
 * Pure permission rules: which actor may perform which action. Record-level visibility (which rows)
 * lives in db/scope.rules.ts; this file answers "may this actor do X at all".
 */
import type { Actor, MembershipRole, PlatformRoleName } from "./actor.ts";

export const PERMISSIONS = {
  "partner:list": { platform: ["admin", "channel_manager", "finance"], partner: [] },
  "partner:create": { platform: ["admin", "channel_manager"], partner: [] },
  "partner:update": { platform: ["admin", "channel_manager"], partner: [] },
  /** Adding users to a partner: platform staff, or that partner's own admin (checked against the partner id). */
  "partnerUser:create": { platform: ["admin", "channel_manager"], partner: ["admin"] },
  "partnerUser:list": { platform: ["admin", "channel_manager"], partner: ["admin", "manager"] },
  "lead:read": { platform: ["admin", "channel_manager"], partner: ["admin", "manager", "rep"] },
  "lead:create": { platform: [], partner: ["admin", "manager", "rep"] },
  "lead:update": { platform: ["admin", "channel_manager"], partner: ["admin", "manager", "rep"] },
  "lead:assign": { platform: ["admin", "channel_manager"], partner: ["admin", "manager"] },
  "audit:read": { platform: ["admin"], partner: [] },
  "apiKey:manage": { platform: ["admin", "channel_manager", "finance"], partner: ["admin"], developer: true },
  "platformUser:manage": { platform: ["admin"], partner: [] },
  "settings:read": { platform: ["admin", "channel_manager"], partner: [] },
  "settings:update": { platform: ["admin"], partner: [] },
  "registration:create": { platform: [], partner: ["admin", "manager", "rep"] },
  "registration:read": { platform: ["admin", "channel_manager"], partner: ["admin", "manager", "rep"] },
  /** Approve or reject registrations and extension requests. */
  "registration:decide": { platform: ["admin", "channel_manager"], partner: [] },
  "customer:read": { platform: ["admin", "channel_manager", "finance"], partner: ["admin", "manager", "rep"] },
  "customer:transfer": { platform: ["admin", "channel_manager"], partner: [] },
  "customer:merge": { platform: ["admin", "channel_manager"], partner: [] },
  "pool:read": { platform: ["admin", "channel_manager"], partner: ["admin", "manager", "rep"] },
  "pool:claim": { platform: [], partner: ["admin", "manager", "rep"] },
  "task:read": { platform: [], partner: ["admin", "manager", "rep"] },
  "task:write": { platform: [], partner: ["admin", "manager", "rep"] },
  /** Assigning a task or a lead to someone else than oneself. */
  "task:assign": { platform: [], partner: ["admin", "manager"] },
  "opportunity:read": { platform: ["admin", "channel_manager", "finance"], partner: ["admin", "manager", "rep"] },
  "opportunity:write": { platform: [], partner: ["admin", "manager", "rep"] },
  "opportunity:assign": { platform: [], partner: ["admin", "manager"] },
  /** Pipelines and their stages: the platform's default (platform admins), a partner's own (its admins). */
  "pipeline:manage": { platform: ["admin"], partner: ["admin"] },
  "activity:read": { platform: ["admin", "channel_manager"], partner: ["admin", "manager", "rep"] },
  "activity:write": { platform: [], partner: ["admin", "manager", "rep"] },
  /** Invites, deactivation, reassignment of a leaver's work. */
  "team:manage": { platform: ["admin", "channel_manager"], partner: ["admin"] },
  "tag:manage": { platform: ["admin", "channel_manager"], partner: ["admin", "manager"] },
  "tag:apply": { platform: ["admin", "channel_manager"], partner: ["admin", "manager", "rep"] },
  /** The platform pushes customer events (e.g. a login) through the API. */
  "customerEvent:push": { platform: ["admin", "channel_manager"], partner: [] },
  "automation:read": { platform: ["admin", "channel_manager"], partner: ["admin", "manager"] },
  "automation:manage": { platform: ["admin"], partner: ["admin"] },
  /** Partner imports (leads, customers). Platform imports of orders and refunds take order:write instead (ADR 021). */
  "import:run": { platform: [], partner: ["admin", "manager", "rep"] },
  "export:run": { platform: ["admin", "channel_manager", "finance"], partner: ["admin", "manager", "rep"] },
  /** Orders and refunds are pushed by the platform's systems (admins, finance, and their API keys); partners never write them. */
  "order:write": { platform: ["admin", "finance"], partner: [] },
  /** Partners' admins and managers read orders attributed to their own partner (statement drill-down); reps none. */
  "order:read": { platform: ["admin", "channel_manager", "finance"], partner: ["admin", "manager"] },
  "commissionPlan:read": { platform: ["admin", "finance"], partner: [] },
  "commissionPlan:write": { platform: ["admin", "finance"], partner: [] },
  /** Statements and their lines: finance and channel managers; a partner's admins and managers read their own. */
  "statement:read": { platform: ["admin", "channel_manager", "finance"], partner: ["admin", "manager"] },
  /** Generate, issue, approve: finance. */
  "statement:manage": { platform: ["admin", "finance"], partner: [] },
  /** Confirm an issued statement: the partner's admin signs off on its money. */
  "statement:confirm": { platform: [], partner: ["admin"] },
  "dispute:create": { platform: [], partner: ["admin", "manager"] },
  "dispute:resolve": { platform: ["admin", "finance"], partner: [] },
  "payout:read": { platform: ["admin", "finance"], partner: ["admin", "manager"] },
  "payout:write": { platform: ["admin", "finance"], partner: [] },
  "reconciliation:read": { platform: ["admin", "finance"], partner: [] },
  /** Customer benefits (权益): anyone working the partner's customers asks; channel managers decide and issue. */
  "entitlement:read": { platform: ["admin", "channel_manager", "finance"], partner: ["admin", "manager", "rep"] },
  "entitlement:request": { platform: [], partner: ["admin", "manager", "rep"] },
  "entitlement:decide": { platform: ["admin", "channel_manager"], partner: [] },
  /** Register plugins, upload versions, read their reviews, installs and errors: developer accounts only. */
  "plugin:develop": { platform: [], partner: [], developer: true },
  /** The reviewer queue: approve (and sign) or reject uploaded versions. */
  "plugin:review": { platform: ["admin", "reviewer"], partner: [] },
  /** Browse the marketplace and see what is installed. */
  "plugin:read": { platform: ["admin", "channel_manager", "finance", "reviewer"], partner: ["admin", "manager"] },
  /** Install, consent, configure, upgrade, roll back, uninstall: platform-wide by platform admins, per partner by its admin (when allowed). */
  "plugin:install": { platform: ["admin"], partner: ["admin"] },
  /** Which plugins partners may install themselves; delisting. */
  "plugin:policy": { platform: ["admin"], partner: [] },
  /** Records of plugin objects (and plugin fields on core records). */
  "customObject:read": { platform: ["admin", "channel_manager", "finance"], partner: ["admin", "manager", "rep"] },
  "customObject:write": { platform: ["admin", "channel_manager"], partner: ["admin", "manager", "rep"] },
} as const satisfies Record<string, { platform: readonly PlatformRoleName[]; partner: readonly MembershipRole[]; developer?: boolean }>;

export type Permission = keyof typeof PERMISSIONS;

export function can(actor: Actor, permission: Permission): boolean {
  const rule = PERMISSIONS[permission];
  switch (actor.kind) {
    case "system":
      return true;
    case "anonymous":
      return false;
    case "platform":
      return actor.roles.some((role) => (rule.platform as readonly string[]).includes(role));
    case "partner":
      return (rule.partner as readonly string[]).includes(actor.role);
    case "developer":
      return (rule as { developer?: boolean }).developer === true;
  }
}

/** Sub-dealer visibility: admins and managers see their partner's whole subtree, reps only their own partner. */
export function visiblePartnerIdsFor(
  role: MembershipRole,
  partnerId: string,
  partners: ReadonlyArray<{ id: string; parentPartnerId: string | null }>,
): string[] {
  if (role === "rep") return [partnerId];
  const children = new Map<string, string[]>();
  for (const p of partners) {
    if (p.parentPartnerId) children.set(p.parentPartnerId, [...(children.get(p.parentPartnerId) ?? []), p.id]);
  }
  const seen = new Set<string>([partnerId]);
  const queue = [partnerId];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const child of children.get(current) ?? []) {
      if (!seen.has(child)) {
        seen.add(child);
        queue.push(child);
      }
    }
  }
  return [...seen];
}

/**
 * Types a plugin's hook code sees. Type-only: the bundle that runs in the sandbox carries none of this.
 * Hook inputs are plain JSON; dates are ISO strings and money is a decimal string, never a number.
 */
export type RecordData = { id: string; object: string } & Record<string, unknown>;

export type HookActor = { userId: string | null; role: string | null; partnerId: string | null };

/**
 * A partner organisation as `records.get("partner", id)` returns it: the tenant's own partner and its
 * sub-dealers (for a partner tenant), any partner (for the platform). No permission needed.
 */
export type PartnerRecord = { id: string; object: "partner"; name: string; tier: string; territory: string | null; parentId: string | null };

export type RecordReader = {
  /**
   * A record the install may read, or null: outside the tenant's scope (its partner's records and the
   * platform's), outside the granted permissions, or absent. `get("partner", id)` gives a PartnerRecord.
   */
  get(object: string, id: string): RecordData | null;
  /**
   * Records of an object whose fields equal the given values, newest first (partners: by id), at
   * most `limit` (default 50, max 200) after skipping `offset` (default 0, max 10 000): page with
   * `offset += limit` until fewer come back. `query("partner", { tier?, territory?, parentId? })`.
   */
  query(object: string, where: Record<string, string | number | boolean | null>, limit?: number, offset?: number): RecordData[];
};

type Base = {
  pluginId: string;
  /** The installing partner, or null for a platform-wide install. */
  partnerId: string | null;
  settings: Record<string, unknown>;
  actor: HookActor;
  /** ISO time the host fixed for this invocation (hooks have no clock of their own). */
  now: string;
};

/**
 * A core record (`customer`, `lead`, `opportunity`, `activity`, `task`, `order`) as a validate or
 * compute hook sees it: its own fields — ids, instants as ISO strings, money as decimal strings,
 * calendar dates as YYYY-MM-DD — with the plugin fields (every installed plugin's) under
 * `customFields`. One shape whichever way the record is saved (its form, a stage move, an import,
 * the plugin-fields panel). On customers, phone, e-mail and `personal` fields are left out unless
 * the install holds `customers:read:contact`.
 */
export type CoreRecordData = Record<string, unknown> & { customFields: Record<string, unknown> };

export type ValidateContext = Base & {
  object: string;
  /** `delete` only for validate hooks that declare it, on the plugin's own objects: `record` and `previous` are then the record as stored. */
  operation: "create" | "update" | "delete";
  /**
   * The partner owning the record being saved; null for a platform record (master data staff keep,
   * readable by every partner). Reads and the tenant are this partner's, whoever installed the plugin.
   */
  recordPartnerId: string | null;
  /**
   * The record as it will be saved. On a core object a `CoreRecordData` (on create: no `id` yet, and
   * `customFields` holds only what compute hooks filled in); on your own object, its field values.
   * Validate hooks run after all compute hooks and see their values.
   */
  record: Record<string, unknown>;
  /** On update, the record as it is stored (the same shape as `record`); null on create. */
  previous: Record<string, unknown> | null;
  /**
   * Reads (by replay, like event hooks) within the 50 ms CPU budget and at most 8 rounds: the install's
   * permissions, the record's tenant (its partner's records and the platform's).
   */
  records: RecordReader;
};
export type ComputeContext = ValidateContext;

export type EventContext = Base & {
  event: { name: string; id: string; occurredAt: string; payload: Record<string, unknown> };
  records: RecordReader;
};

export type ScheduleContext = Base & { records: RecordReader };

/** An item of an order as a commission hook sees it: money and quantities are decimal strings. */
export type CommissionOrderItem = { id: string; sku: string; category: string; quantity: string; unitPrice: string; amount: string };

/** An order attributed to the partner, placed within the rule's window. */
export type CommissionOrder = {
  id: string;
  externalId: string;
  customerId: string;
  orderedAt: string;
  currency: string;
  total: string;
  items: CommissionOrderItem[];
  /** This plugin's own fields on the order (`<ns>__…`). */
  customFields: Record<string, unknown>;
};

/** A refund made within the rule's window on one of the partner's orders (of any period). */
export type CommissionRefund = { id: string; orderId: string; refundedAt: string; amount: string };

/**
 * What a `commission` hook gets (ADR 025): one partner, one rule of the plan in force at the end of
 * the period, its params as the plan stores them, and the partner's orders and refunds of the rule's
 * window (the period's month, or for `window: "quarter"` the calendar quarter the period closes).
 * The hook may read records like an event hook (`records`), within the install's permissions and the
 * partner's scope (its own records and the platform's). It returns the lines; the host checks them
 * and writes them with the statement, all or none.
 */
export type CommissionContext = Base & {
  /** The rule type (`<ns>__name`) this call computes. */
  ruleType: string;
  params: Record<string, unknown>;
  period: {
    /** The statement's month, "2026-03". */
    key: string;
    /** The month's first instant, the window's first instant and the month's end (exclusive), ISO. */
    start: string;
    windowStart: string;
    end: string;
    window: "month" | "quarter";
  };
  partner: { id: string; tier: string; territory: string | null };
  orders: CommissionOrder[];
  refunds: CommissionRefund[];
  records: RecordReader;
};

/**
 * One line a commission hook returns. Money is a decimal string (`decimal` in the SDK computes it
 * exactly): `amount` has exactly two places, ≥ 0 for earn and bonus, ≤ 0 for clawback; with a
 * `rate`, `amount` is `base × rate` rounded to the cent (half-up or half-even). `orderId` must be one
 * of the context's orders (or a refunded order), `sourceRef` a record the plugin can read. The
 * description is a key of the plugin's locales, shown on the statement in the reader's language.
 */
export type CommissionLineOutput = {
  kind: "earn" | "bonus" | "clawback";
  base: string;
  rate?: string;
  amount: string;
  orderId?: string;
  sourceRef?: { object: string; id: string };
  description: { messageKey: string; params?: Record<string, string | number> };
};

/** A scalar a report cell or total holds: money and decimals as decimal strings, dates as ISO text. */
export type ReportValue = string | number | boolean | null;

/**
 * What a `report` hook gets: the report (`<ns>__name`) being run, its filter values (typed as record
 * values are: decimals as strings, dates as YYYY-MM-DD), where it is shown, and a reader over the
 * tenant's records (the viewer's partner, or the platform) within the install's permissions.
 */
export type ReportContext = Base & {
  report: string;
  params: Record<string, unknown>;
  surface: "platform" | "portal";
  records: RecordReader;
};

/**
 * A report's answer: at most 2 000 rows, keyed by the report's column keys; optional totals (same keys)
 * and notes (keys of the plugin's locales) shown under the table.
 */
export type ReportOutput = {
  rows: Array<Record<string, ReportValue>>;
  totals?: Record<string, ReportValue>;
  notes?: Array<{ messageKey: string; params?: Record<string, string | number> }>;
};

export type ValidationIssue = { field?: string; messageKey: string; params?: Record<string, string | number> };

export type Intent =
  | { type: "patch"; object: string; id: string; set: Record<string, unknown> }
  | { type: "createRecord"; object: string; values: Record<string, unknown> }
  | {
      type: "createTask";
      /** The title as written, the same for every reader; or `titleKey` (your locales) read in each user's language. */
      title?: string;
      titleKey?: string;
      params?: Record<string, string | number>;
      note?: string;
      dueAt?: string;
      assigneeUserId?: string;
      related?: { object: string; id: string };
    }
  | { type: "emitEvent"; name: string; payload?: Record<string, unknown> }
  | {
      type: "notify";
      userIds?: string[];
      roles?: ("admin" | "manager" | "rep")[];
      titleKey: string;
      bodyKey?: string;
      params?: Record<string, string | number>;
      link?: { object: string; id: string };
    }
  | {
      type: "createOrder";
      /** The order's id in the plugin: a second intent with the same externalId (same plugin and tenant) does nothing. */
      externalId: string;
      customerId: string;
      orderedAt?: string;
      currency?: "CNY";
      items: Array<{ sku: string; name?: string; category?: string; quantity: string; unitPrice: string }>;
      customFields?: Record<string, unknown>;
      sourceRef?: { object: string; id: string };
    };

export type ValidateHook = (ctx: ValidateContext) => ValidationIssue[] | void;
export type ComputeHook = (ctx: ComputeContext) => Record<string, unknown> | void;
export type EventHook = (ctx: EventContext) => Intent[] | void;
export type ScheduleHook = (ctx: ScheduleContext) => Intent[] | void;
export type CommissionHook = (ctx: CommissionContext) => CommissionLineOutput[] | void;
export type ReportHook = (ctx: ReportContext) => ReportOutput;

export type PluginHooks = Record<string, ValidateHook | ComputeHook | EventHook | ScheduleHook | CommissionHook | ReportHook>;

export type PluginDefinition = { hooks: PluginHooks };

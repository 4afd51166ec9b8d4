/**
 * Types a plugin's hook code sees. Type-only: the bundle that runs in the sandbox carries none of this.
 * Hook inputs are plain JSON; dates are ISO strings and money is a decimal string, never a number.
 */
export type RecordData = { id: string; object: string } & Record<string, unknown>;

export type HookActor = { userId: string | null; role: string | null; partnerId: string | null };

export type RecordReader = {
  /** A record the install may read, or null: outside the installer's partner, outside the granted permissions, or absent. */
  get(object: string, id: string): RecordData | null;
  /** Records of an object whose fields equal the given values (at most `limit`, default 50, max 200). */
  query(object: string, where: Record<string, string | number | boolean | null>, limit?: number): RecordData[];
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

export type ValidateContext = Base & {
  object: string;
  operation: "create" | "update";
  record: Record<string, unknown>;
  previous: Record<string, unknown> | null;
};
export type ComputeContext = ValidateContext;

export type EventContext = Base & {
  event: { name: string; id: string; occurredAt: string; payload: Record<string, unknown> };
  records: RecordReader;
};

export type ScheduleContext = Base & { records: RecordReader };

export type ValidationIssue = { field?: string; messageKey: string; params?: Record<string, string | number> };

export type Intent =
  | { type: "patch"; object: string; id: string; set: Record<string, unknown> }
  | { type: "createRecord"; object: string; values: Record<string, unknown> }
  | { type: "createTask"; title: string; note?: string; dueAt?: string; assigneeUserId?: string; related?: { object: string; id: string } }
  | { type: "emitEvent"; name: string; payload?: Record<string, unknown> }
  | {
      type: "notify";
      userIds?: string[];
      roles?: ("admin" | "manager" | "rep")[];
      titleKey: string;
      bodyKey?: string;
      params?: Record<string, string | number>;
      link?: { object: string; id: string };
    };

export type ValidateHook = (ctx: ValidateContext) => ValidationIssue[] | void;
export type ComputeHook = (ctx: ComputeContext) => Record<string, unknown> | void;
export type EventHook = (ctx: EventContext) => Intent[] | void;
export type ScheduleHook = (ctx: ScheduleContext) => Intent[] | void;

export type PluginHooks = Record<string, ValidateHook | ComputeHook | EventHook | ScheduleHook>;

export type PluginDefinition = { hooks: PluginHooks };

/**
 * The plugin runtime's public API (`@qudao/plugins/runtime`): the sandbox host and its results, the
 * limits, package signing and verification, the static scan, the thread CPU clock and the runtime's
 * messages. The .qpkg format itself is `@qudao/plugins/package-format`.
 */
export {
  SandboxHost,
  PluginSandbox,
  DEFAULT_MAX_SANDBOXES,
  INVOCATION_OUTCOMES,
  INVOCATION_ERROR_CODES,
  type SandboxHostOptions,
  type LoadRequest,
  type HookContextInput,
  type HostRecordReader,
  type RecordWhere,
  type InvokeOptions,
  type InvocationResult,
  type InvocationOutcome,
  type InvocationError,
  type InvocationErrorCode,
  type RejectedIntent,
} from "./sandbox.ts";
export type { ConsoleLine, LogLevel } from "./sandbox-engine.ts";
export * from "./limits.ts";
// What a commission hook returns (ADR 025): core checks the lines' meaning against these shapes.
// What a report hook returns: the host renders the rows against the report's columns.
export { ZReportOutput, ZReportValue, MAX_REPORT_ROWS, MAX_REPORT_ROW_KEYS, MAX_REPORT_NOTES, type TReportOutput } from "../sdk/report.ts";
export { ZCommissionHookLine, ZCommissionHookResult, MAX_COMMISSION_LINES, COMMISSION_HOOK_LINE_KINDS, type TCommissionHookLine, type TCommissionHookResult } from "../sdk/commission.ts";
export {
  generateSigningKeyPair,
  signPackage,
  verifyPackage,
  signingPayload,
  packageIdentity,
  PluginIntegrityError,
  PLUGIN_INTEGRITY_CODES,
  isPluginIntegrityError,
  type SigningKeyPair,
  type PackageSignature,
  type PluginIntegrityCode,
} from "./signing.ts";
export { scanHooksBundle, SCAN_CODES, MAX_SCAN_FINDINGS, type ScanCode, type ScanFinding } from "./static-scan.ts";
export { threadCpuMicros, threadCpuSource, type ThreadCpuSource } from "./thread-cpu.ts";
export { pluginRuntime, pluginRuntimeMessageKey, type PluginRuntimeMessageGroup } from "./locales/plugin-runtime.ts";

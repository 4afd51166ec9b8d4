/** Plugins (issue 6, ADR 024): the module's public entry. */
export * from "./plugins.schemas.ts";
export * from "./record-stages.schemas.ts";
export { uploadVersion, listDeveloperPlugins, getDeveloperPlugin } from "./publishing.service.ts";
export { registerDeveloper, ZDeveloperSignUpInput, ZDeveloperAccount, MIN_DEVELOPER_PASSWORD_LENGTH, type TDeveloperSignUpInput, type TDeveloperAccount } from "./developer-accounts.service.ts";
export { listReviewQueue, getReview, approveVersion, rejectVersion, listPluginVersions } from "./review.service.ts";
export { listMarketplace, getMarketplacePlugin, marketplaceScreenshot, setPluginPolicy, listAllPlugins } from "./marketplace.service.ts";
export {
  installPlugin,
  listInstalls,
  getInstall,
  updateInstallSettings,
  consentToUpgrade,
  rollbackInstall,
  enableInstall,
  uninstallPlugin,
  restoreInstall,
  rolloutApprovedVersion,
  purgeExpiredInstalls,
} from "./installs.service.ts";
export {
  objectDefinition,
  listCustomRecords,
  getCustomRecord,
  createCustomRecord,
  updateCustomRecord,
  deleteCustomRecord,
  moveCustomRecordStage,
  customRecordBoard,
  objectPipelines,
  initialStages,
  getCustomFields,
  updateCustomFields,
  coreFieldDefinitions,
  pluginUiDefinitions,
} from "./custom-objects.service.ts";
export { runBeforeSave, pluginFieldsBeforeSave, resetPluginHost, CIRCUIT_BREAKER_FAILURES } from "./plugin-host.ts";
export { withCustomFields, withCustomFieldsIn } from "./core-fields.service.ts";
export { ZCustomFieldValues, type TCustomFieldValues } from "./core-fields.schemas.ts";
export { fanOutPluginHooks, enqueueScheduledHooks, runPluginHookJob, recordDeadLetter, PluginHookFailure } from "./event-hooks.service.ts";
export { flushHookStats } from "./hook-stats.service.ts";
export { activeInstalls, forgetInstalledPlugins } from "./installed-plugins.ts";
export { platformSigningKey } from "./signing-key.ts";
export { HOST_VERSION } from "./host-version.ts";
export { renderRecordDocument, MAX_DOCUMENT_LINES, type RecordDocument } from "./record-documents.service.ts";
export { notifyVersionReviewed, notifyConsentNeeded, notifyCircuitOpened } from "./plugin-notifications.consumer.ts";
export { listReports, runReport, homeWidgets, reportCsv, type ReportFile } from "./reports.service.ts";
export * from "./reports.schemas.ts";

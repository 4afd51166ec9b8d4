export { listPipelines, getPipeline, createPipeline, updatePipeline, archivePipeline, pipelineForNewOpportunity, displayName, toStage, mayEdit } from "./pipelines.service.ts";
export { firstOpenStage, stageSetIssues, planStageChanges } from "./pipelines.rules.ts";
export { findStage, findPipelineRow, findDefaultPipelineId, type PipelineRow, type StageRow, type StageLookup } from "./pipelines.repository.ts";
export { syncPluginPipelines, archivePluginPipelines, type PluginTenant } from "./plugin-pipelines.service.ts";
export { labelIn, pluginIdOf, pluginPipelineKey, storedLabels, type PluginPipelineContribution } from "./plugin-pipelines.rules.ts";
export * from "./pipelines.schemas.ts";

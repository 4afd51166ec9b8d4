export { listPipelines, getPipeline, createPipeline, updatePipeline, archivePipeline, pipelineForNewOpportunity, displayName, toStage, mayEdit } from "./pipelines.service.ts";
export { firstOpenStage, stageSetIssues, planStageChanges } from "./pipelines.rules.ts";
export { findStage, findPipelineRow, findDefaultPipelineId, type PipelineRow, type StageRow, type StageLookup } from "./pipelines.repository.ts";
export * from "./pipelines.schemas.ts";

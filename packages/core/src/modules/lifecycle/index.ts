export { pushCustomerEvent, listCustomerEvents } from "./customer-events.service.ts";
export {
  recomputeLifecycle,
  recomputeOnCustomerEvent,
  recomputeOnActivityLogged,
  recomputeOnOpportunityMoved,
  refreshLifecycleStages,
  refreshRfmSegments,
  refreshCustomerSegments,
  type LifecycleStageChange,
} from "./lifecycle.service.ts";
export { COMPUTED_LIFECYCLE_STAGES, decideLifecycle, type TComputedLifecycleStage, type LifecycleFacts } from "./lifecycle.rules.ts";
export { RFM_SEGMENTS, rfmSegment, rfmScore, parseRfmScore, type TRfmSegment } from "./rfm.rules.ts";
export * from "./lifecycle.schemas.ts";

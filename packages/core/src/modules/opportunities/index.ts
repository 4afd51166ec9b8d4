export { listOpportunities, getOpportunity, createOpportunity, updateOpportunity, moveOpportunity, listOpportunityPartners } from "./opportunities.service.ts";
export { getBoard, getBoardColumn } from "./opportunity-board.service.ts";
export { getForecast } from "./opportunity-forecast.service.ts";
export { flagStuckOpportunities } from "./stuck-opportunities.ts";
export {
  getOpportunitySettings,
  updateOpportunitySettings,
  readOpportunitySettings,
  forgetCachedOpportunitySettings,
  ZOpportunitySettings,
  OPPORTUNITY_SETTINGS_KEY,
  type TOpportunitySettings,
} from "./opportunity-settings.ts";
export * from "./opportunities.schemas.ts";

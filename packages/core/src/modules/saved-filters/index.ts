export { listSavedFilters, createSavedFilter, updateSavedFilter, deleteSavedFilter } from "./saved-filters.service.ts";
export * from "./saved-filters.schemas.ts";

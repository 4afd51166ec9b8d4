/** Query-string filters shared by the board, list and forecast views. */
export type OpportunityFilters = { pipelineId: string; partnerId: string; ownerId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid query parameter, or "" (anything else is ignored rather than turned into an error page). */
export function uuidParam(params: URLSearchParams, name: string): string {
  const value = params.get(name) ?? "";
  return UUID.test(value) ? value : "";
}

export function readFilters(params: URLSearchParams): OpportunityFilters {
  return { pipelineId: uuidParam(params, "pipelineId"), partnerId: uuidParam(params, "partnerId"), ownerId: uuidParam(params, "ownerId") };
}

/** "?partnerId=…" with empty values left out ("" when nothing is set). */
export function filterSearch(filters: Partial<Record<string, string>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) search.set(key, value);
  const query = search.toString();
  return query ? `?${query}` : "";
}

/** The filters as procedure input: only the ones set. */
export function filterInput(filters: OpportunityFilters): { pipelineId?: string; partnerId?: string; ownerId?: string } {
  return {
    ...(filters.pipelineId ? { pipelineId: filters.pipelineId } : {}),
    ...(filters.partnerId ? { partnerId: filters.partnerId } : {}),
    ...(filters.ownerId ? { ownerId: filters.ownerId } : {}),
  };
}

export { handleApiRequest, errorResponse, API_PREFIX } from "./rest-handler.ts";
export { buildOpenApiDocument } from "./openapi-document.ts";

export { createApiKey, listApiKeys, revokeApiKey, ZApiKeyCreateInput, ZApiKey, type TApiKey } from "./api-keys.service.ts";

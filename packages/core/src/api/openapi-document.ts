/** The OpenAPI 3 document for /api/v1, generated from the same procedures the apps call. */
import { generateOpenApiDocument } from "trpc-to-openapi";
import { appRouter } from "../trpc/router.ts";
import type { Meta } from "../trpc/init.ts";

type Operation = { responses?: Record<string, unknown>; requestBody?: unknown; parameters?: unknown[] };

const ERROR_ENVELOPE = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", example: "VALIDATION_FAILED" },
        message: { type: "string", description: "Human text in the request's Accept-Language" },
        details: {
          type: "array",
          items: { type: "object", required: ["path", "message"], properties: { path: { type: "string" }, message: { type: "string" } } },
        },
      },
    },
  },
};

const ERROR_STATUSES: Record<string, string> = {
  "400": "Invalid input (see details)",
  "401": "Missing or invalid token",
  "403": "Not allowed",
  "404": "Not found, or not visible to this caller",
  "409": "Conflict or duplicate",
  "422": "A business rule refused the request",
  "429": "Too many requests",
  "500": "Internal error",
};

function successStatusByPath(): Map<string, number> {
  const out = new Map<string, number>();
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { meta?: Meta } }>;
  for (const procedure of Object.values(procedures)) {
    const meta = procedure._def.meta;
    if (meta?.openapi && meta.successStatus) out.set(`${meta.openapi.method} ${meta.openapi.path}`, meta.successStatus);
  }
  return out;
}

export function buildOpenApiDocument(baseUrl: string) {
  const document = generateOpenApiDocument(appRouter, {
    title: "Qudao API",
    description:
      "Qudao (渠道) public API v1. Authenticate with `Authorization: Bearer <token>` (a session token from POST /sessions, or an API key). " +
      "Errors are `{error: {code, message, details}}`; `Accept-Language` (zh-CN, zh-TW, en) picks the language of `message`. " +
      "Lists take `limit` (default 50, max 200) and `cursor`, and return `{items, nextCursor}`. POSTs accept an optional `Idempotency-Key` header.",
    version: "1.0.0",
    baseUrl,
    securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
  });
  const statuses = successStatusByPath();
  const components = (document.components ??= {}) as { schemas?: Record<string, unknown> };
  components.schemas = { ...(components.schemas ?? {}), ErrorEnvelope: ERROR_ENVELOPE };
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      const responses = (op.responses ??= {});
      const status = statuses.get(`${method.toUpperCase()} ${path}`);
      if (status && status !== 200 && responses["200"]) {
        responses[String(status)] = status === 204 ? { description: "No content" } : responses["200"];
        delete responses["200"];
      }
      for (const key of Object.keys(responses)) if (/^[45]/.test(key) || key === "default") delete responses[key];
      for (const [code, description] of Object.entries(ERROR_STATUSES)) {
        responses[code] = { description, content: { "application/json": { schema: { $ref: "#/components/schemas/ErrorEnvelope" } } } };
      }
    }
  }
  return document;
}

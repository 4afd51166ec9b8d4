/**
 * /api/v1: the tRPC procedures exposed as REST (trpc-to-openapi), with API.md's error envelope,
 * success statuses (201/204), Idempotency-Key replays and the OpenAPI document.
 */
import { createHash } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { createOpenApiNodeHttpHandler } from "trpc-to-openapi";
import { authenticateBearer } from "../auth/index.ts";
import { baseDb, Prisma } from "../db/index.ts";
import { DomainError } from "../errors/index.ts";
import { DEFAULT_LOCALE, localeFromAcceptLanguage, type Locale } from "../i18n/index.ts";
import { createContext, type Context } from "../trpc/context.ts";
import { publicError } from "../trpc/error-mapping.ts";
import type { Meta } from "../trpc/init.ts";
import { appRouter } from "../trpc/router.ts";
import { buildOpenApiDocument } from "./openapi-document.ts";

export const API_PREFIX = "/api/v1";

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

function json(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

export function errorResponse(error: unknown, locale: Locale): Response {
  const mapped = publicError(error, locale);
  if (mapped.status >= 500) {
    // Log the cause for operators; the caller only sees a translated, generic message.
    const cause = error instanceof DomainError ? (error.cause ?? error) : error;
    console.error(`[api] ${mapped.code}`, cause);
  }
  const headers: Record<string, string> = mapped.status === 429 ? { "retry-after": "60" } : {};
  return json({ error: { code: mapped.code, message: mapped.message, details: mapped.details } }, mapped.status, headers);
}

const successStatuses = new Map<string, number>();
for (const [path, procedure] of Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: Meta } }>)) {
  const status = procedure._def.meta?.successStatus;
  if (status) successStatuses.set(path, status);
}

function isReplay(result: unknown): boolean {
  return typeof result === "object" && result !== null && (result as { replayed?: unknown }).replayed === true;
}

let cachedDocument: { baseUrl: string; doc: unknown } | undefined;
function openApiDocument(baseUrl: string): unknown {
  if (process.env.NODE_ENV !== "production" || cachedDocument?.baseUrl !== baseUrl) {
    cachedDocument = { baseUrl, doc: buildOpenApiDocument(baseUrl) };
  }
  return cachedDocument.doc;
}

/** What one request's procedure run leaves behind for `runProcedure` (keyed by the adapter's request). */
type RequestState = { request: Request; ctx?: Context; failure?: unknown };
const requestStates = new WeakMap<object, RequestState>();

type NodeHandler = (req: object, res: object) => Promise<void>;
let handler: NodeHandler | undefined;

/**
 * The trpc-to-openapi handler, built once per process. Its fetch adapter builds a new one for every
 * request, and building one indexes every procedure (outside production it also generates the whole
 * OpenAPI document to validate the router): per request that cost more than the procedure itself.
 * The per-request parts (context, status, first error) reach it through the request's state.
 */
function openApiHandler(): NodeHandler {
  handler ??= createOpenApiNodeHttpHandler({
    router: appRouter,
    createContext: async ({ req }: { req: object }) => {
      const state = requestStates.get(req)!;
      state.ctx = await createContext(state.request, "api");
      return state.ctx;
    },
    responseMeta: ({ paths, errors, data }: { paths?: readonly string[]; errors: readonly unknown[]; data: readonly unknown[] }) => {
      if (errors.length > 0) return {};
      const status = paths?.length === 1 ? successStatuses.get(paths[0]!) : undefined;
      // A create that found its externalId already recorded answers 200 with the first record (API.md idempotency).
      if (status === 201 && isReplay(data[0])) return {};
      return status ? { status } : {};
    },
    onError: ({ error, req }: { error: unknown; req: object }) => {
      const state = requestStates.get(req);
      if (state) state.failure ??= error;
    },
  } as never) as unknown as NodeHandler;
  return handler;
}

/** The request as the adapter reads it (as trpc-to-openapi's fetch adapter does): the URL without the prefix, the body parsed. */
async function adapterRequest(request: Request): Promise<object> {
  const url = new URL(request.url.replace(API_PREFIX, "")).toString();
  const type = request.headers.get("content-type") ?? "";
  let body: { ok: true; data: unknown } | { ok: false; cause: unknown };
  try {
    if (type.includes("application/json")) body = { ok: true, data: JSON.parse(await request.text()) as unknown };
    else if (type.includes("application/x-www-form-urlencoded")) {
      const params = new URLSearchParams(await request.text());
      body = { ok: true, data: Object.fromEntries([...new Set(params.keys())].map((key) => [key, params.getAll(key)])) };
    } else body = { ok: true, data: request.body };
  } catch (cause) {
    body = { ok: false, cause };
  }
  return new Proxy(request, {
    get: (target, prop) => {
      if (prop === "url") return url;
      if (prop === "body") {
        if (!body.ok) throw new TRPCError({ code: "PARSE_ERROR", message: "Failed to parse request body", cause: body.cause });
        return body.data;
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

async function runProcedure(request: Request): Promise<Response> {
  const req = await adapterRequest(request);
  const state: RequestState = { request };
  requestStates.set(req, state);
  const headers = new Headers();
  const response = await new Promise<Response>((resolve, reject) => {
    let status = 200;
    const res = {
      setHeader: (key: string, value: string | string[]) => {
        if (typeof value === "string") headers.set(key, value);
        else for (const v of value) headers.append(key, v);
      },
      get statusCode() {
        return status;
      },
      set statusCode(code: number) {
        status = code;
      },
      end: (body?: string) => resolve(new Response(status === 204 ? null : body, { status, headers })),
    };
    openApiHandler()(req, res).catch(reject);
  });
  const locale = state.ctx?.locale ?? localeFromAcceptLanguage(request.headers.get("accept-language")) ?? DEFAULT_LOCALE;
  if (state.failure !== undefined || response.status >= 400) {
    return errorResponse(state.failure ?? new DomainError(response.status === 404 ? "NOT_FOUND" : "INTERNAL"), locale);
  }
  if (response.status === 204) return new Response(null, { status: 204 });
  return response;
}

/** POST with an Idempotency-Key: the first response is stored and replayed; another body under the same key is a 409. */
async function withIdempotency(request: Request, key: string): Promise<Response> {
  const locale = localeFromAcceptLanguage(request.headers.get("accept-language")) ?? DEFAULT_LOCALE;
  if (key.length > 200) return errorResponse(new DomainError("VALIDATION_FAILED", { details: [{ path: "Idempotency-Key", message: "errors.field.tooLong", params: { max: 200 } }] }), locale);
  const auth = await authenticateBearer(request.headers.get("authorization"));
  if (!auth) return runProcedure(request);
  const body = await request.clone().text();
  const url = new URL(request.url);
  const requestHash = createHash("sha256").update(`${request.method} ${url.pathname}\n${body}`).digest("hex");
  const scope = `user:${auth.actor.userId}`;
  const existing = await baseDb().idempotencyRecord.findUnique({ where: { scope_key: { scope, key } } });
  if (existing) {
    if (existing.requestHash !== requestHash) return errorResponse(new DomainError("IDEMPOTENCY_KEY_REUSED"), auth.locale as Locale);
    return existing.status === 204
      ? new Response(null, { status: 204, headers: { "idempotent-replay": "true" } })
      : json(existing.responseBody, existing.status, { "idempotent-replay": "true" });
  }
  const response = await runProcedure(request);
  if (response.status < 500) {
    const text = response.status === 204 ? "" : await response.clone().text();
    await baseDb()
      .idempotencyRecord.create({
        data: { scope, key, requestHash, status: response.status, responseBody: text ? (JSON.parse(text) as Prisma.InputJsonValue) : Prisma.JsonNull },
      })
      .catch(() => undefined); // a concurrent twin stored it first; either answer is the same request's
  }
  return response;
}

/**
 * An action without a body (POST /pool/{id}/claim) needs no Content-Type; the adapter insists on one,
 * so give such requests an empty JSON body.
 */
async function withJsonBody(request: Request): Promise<Request> {
  if (request.method === "GET" || request.method === "HEAD" || request.headers.get("content-type")) return request;
  const body = await request.text();
  const headers = new Headers(request.headers);
  headers.set("content-type", "application/json");
  return new Request(request.url, { method: request.method, headers, body: body.trim() === "" ? "{}" : body });
}

/** Entry point for the platform app's /api/v1/* resource route. */
export async function handleApiRequest(incoming: Request): Promise<Response> {
  const request = await withJsonBody(incoming);
  const url = new URL(request.url);
  const locale = localeFromAcceptLanguage(request.headers.get("accept-language")) ?? DEFAULT_LOCALE;
  try {
    if (url.pathname === `${API_PREFIX}/openapi.json` && request.method === "GET") {
      return json(openApiDocument(`${url.origin}${API_PREFIX}`), 200);
    }
    const key = request.headers.get("idempotency-key");
    if (request.method === "POST" && key && url.pathname !== `${API_PREFIX}/sessions`) return await withIdempotency(request, key);
    return await runProcedure(request);
  } catch (error) {
    return errorResponse(error, locale);
  }
}

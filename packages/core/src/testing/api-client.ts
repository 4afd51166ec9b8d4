/** In-process calls to the real /api/v1 handler, for database tests. */
import { handleApiRequest } from "../api/index.ts";

export type ApiResponse = { status: number; body: any; headers: Headers };

export async function api(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const response = await handleApiRequest(
    new Request(`http://127.0.0.1:3000/api/v1${path}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    }),
  );
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

/** Sign in through POST /sessions and return the bearer token. */
export async function apiToken(user: { email: string; password: string }): Promise<string> {
  const response = await api("POST", "/sessions", { body: { email: user.email, password: user.password } });
  if (response.status !== 201) throw new Error(`sign-in failed for ${user.email}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.token as string;
}

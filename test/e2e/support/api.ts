/** The public API the e2e specs set up their data through (the platform app serves /api/v1). */
import { expect, type APIRequestContext } from "@playwright/test";
import { DEMO_PASSWORD } from "./sign-in";

export const API = `${process.env.PLATFORM_BASE_URL}/api/v1`;

/** A session for this user, as the Authorization header every /api/v1 call takes. */
export async function apiAuth(request: APIRequestContext, email: string, password = DEMO_PASSWORD): Promise<{ authorization: string }> {
  const response = await request.post(`${API}/sessions`, { data: { email, password } });
  expect(response.status()).toBe(201);
  return { authorization: `Bearer ${((await response.json()) as { token: string }).token}` };
}

import { expect, type APIRequestContext } from "@playwright/test";
import { DEMO_PASSWORD } from "../portal-sign-in";

const API = `${process.env.PLATFORM_BASE_URL}/api/v1`;

/** The rep these journeys act as (every journey makes its own records, so runs do not meet). */
export const REP = "rep1@yuetong.demo";

/** A phone's viewport, as the issue asks: 375 × 812. */
export const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true } as const;

async function token(request: APIRequestContext, email: string): Promise<string> {
  const response = await request.post(`${API}/sessions`, { data: { email, password: DEMO_PASSWORD } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

/** A lead of the rep's own, made through the public API. */
export async function createLead(request: APIRequestContext, body: Record<string, unknown>, status?: string): Promise<{ id: string }> {
  const auth = { authorization: `Bearer ${await token(request, REP)}` };
  const created = await request.post(`${API}/leads`, { headers: auth, data: body });
  expect(created.status()).toBe(201);
  const lead = (await created.json()) as { id: string };
  if (status) expect((await request.patch(`${API}/leads/${lead.id}`, { headers: auth, data: { status } })).status()).toBe(200);
  return lead;
}

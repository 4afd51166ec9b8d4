import { expect, type APIRequestContext } from "@playwright/test";
import { API, apiAuth } from "../../support/api";

/** The rep these journeys act as (every journey makes its own records, so runs do not meet). */
export const REP = "rep1@yuetong.demo";

/** A phone's viewport, as the issue asks: 375 × 812. */
export const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true } as const;

/** A lead of the rep's own, made through the public API. */
export async function createLead(request: APIRequestContext, body: Record<string, unknown>, status?: string): Promise<{ id: string }> {
  const auth = await apiAuth(request, REP);
  const created = await request.post(`${API}/leads`, { headers: auth, data: body });
  expect(created.status()).toBe(201);
  const lead = (await created.json()) as { id: string };
  if (status) expect((await request.patch(`${API}/leads/${lead.id}`, { headers: auth, data: { status } })).status()).toBe(200);
  return lead;
}

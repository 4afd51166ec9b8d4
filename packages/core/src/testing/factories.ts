/**
 * The one source of fake rows for the demo seed, the tests and the benchmark.
 *
 * - Pure builders (`build…`) return `…UncheckedCreateInput`-shaped rows with UUID v7 ids derived
 *   from `createdAt`, ready for `createMany`; the seed and the benchmark insert them in bulk.
 * - Database factories (`createTest…`) insert one row through the unscoped system client, so tests
 *   can arrange data without an actor. They are for tests only.
 */
import { randomBytes, randomInt as cryptoRandomInt } from "node:crypto";
import { hashPassword } from "../auth/password.ts";
import { baseDb, type Prisma } from "../db/index.ts";
import type {
  Lead,
  LeadStatus,
  Membership,
  MembershipRole,
  Partner,
  PartnerStatus,
  PartnerTier,
  PlatformRole,
  PlatformRoleName,
  User,
} from "../db/index.ts";
import {
  chance,
  city,
  companyEmail,
  companyName,
  createRng,
  DISQUALIFY_REASONS,
  leadNote,
  leadSource,
  mobilePhone,
  personalEmail,
  personName,
  pick,
  randomInt,
  weightedPick,
  type Rng,
} from "./fake-data.ts";
import { uuidv7 } from "../db/uuidv7.ts";

const DAY_MS = 86_400_000;

function toDate(value: Date | string | undefined): Date | undefined {
  return value === undefined ? undefined : new Date(value);
}

// ── pure builders ──────────────────────────────────────────────────────────────────────────────

export type PartnerInput = Prisma.PartnerUncheckedCreateInput & { id: string; name: string; createdAt: Date };
export type LeadInput = Prisma.LeadUncheckedCreateInput & { id: string; partnerId: string; status: LeadStatus; createdAt: Date };
export type CustomerInput = Prisma.CustomerUncheckedCreateInput & { id: string; name: string; createdAt: Date };

export const PARTNER_TIER_WEIGHTS: ReadonlyArray<readonly [PartnerTier, number]> = [
  ["bronze", 50],
  ["silver", 30],
  ["gold", 15],
  ["platinum", 5],
];

/** A partner company in a city; id = uuidv7(createdAt). */
export function buildPartner(rng: Rng, overrides: Partial<Prisma.PartnerUncheckedCreateInput> = {}): PartnerInput {
  const { createdAt: rawCreatedAt, ...rest } = overrides;
  const createdAt = toDate(rawCreatedAt) ?? new Date();
  const region = rest.region === undefined ? city(rng) : rest.region;
  return {
    id: uuidv7(createdAt),
    name: companyName(rng, region ? { city: region } : {}),
    tier: weightedPick(rng, PARTNER_TIER_WEIGHTS),
    region,
    parentPartnerId: null,
    status: "active",
    updatedAt: createdAt,
    ...rest,
    createdAt,
  };
}

/** How a partner's lead list looks in practice: mostly early stages, a few won. */
export const LEAD_STATUS_WEIGHTS: ReadonlyArray<readonly [LeadStatus, number]> = [
  ["new", 35],
  ["contacted", 30],
  ["qualified", 20],
  ["disqualified", 10],
  ["converted", 5],
];

export type BuildLeadInput = Partial<Prisma.LeadUncheckedCreateInput> & {
  partnerId: string;
  assigneeId: string | null;
  createdById: string;
  /** City used for the lead's company name (not a column). */
  city?: string;
};

/** A lead as a rep would enter it; createdAt defaults to now and id = uuidv7(createdAt). */
export function buildLead(rng: Rng, input: BuildLeadInput): LeadInput {
  const { createdAt: rawCreatedAt, city: cityName, ...rest } = input;
  const createdAt = toDate(rawCreatedAt) ?? new Date();
  const status = rest.status ?? weightedPick(rng, LEAD_STATUS_WEIGHTS);
  const statusReason = status === "disqualified" ? pick(rng, DISQUALIFY_REASONS) : null;
  const company = chance(rng, 0.75) ? companyName(rng, cityName ? { city: cityName } : {}) : null;
  const email = chance(rng, 0.5) ? (company ? companyEmail(rng, company) : personalEmail(rng)) : null;
  // Leads that moved on were last touched some time after they came in, never in the future.
  const touchWindow = Math.max(0, Math.min(14 * DAY_MS, Date.now() - createdAt.getTime()));
  const updatedAt = status === "new" ? createdAt : new Date(createdAt.getTime() + Math.floor(rng() * touchWindow));
  return {
    id: uuidv7(createdAt),
    name: personName(rng),
    company,
    phone: chance(rng, 0.9) ? mobilePhone(rng) : null,
    email,
    source: leadSource(rng),
    notes: chance(rng, 0.3) ? leadNote(rng) : null,
    statusReason,
    customerId: null,
    updatedAt,
    ...rest,
    status,
    createdAt,
  };
}

export type BuildCustomerInput = Partial<Prisma.CustomerUncheckedCreateInput> & { ownerPartnerId?: string | null };

/**
 * A golden customer record: a company (about two in three) or a person. An owned customer is
 * protected for 30–90 days from now unless `protectedUntil` is given; a public-pool one is not.
 */
export function buildCustomer(rng: Rng, input: BuildCustomerInput = {}): CustomerInput {
  const { createdAt: rawCreatedAt, ...rest } = input;
  const createdAt = toDate(rawCreatedAt) ?? new Date();
  const kind = rest.kind ?? (chance(rng, 0.65) ? "company" : "person");
  const cityName = rest.city === undefined ? city(rng) : rest.city;
  const ownerPartnerId = rest.ownerPartnerId ?? null;
  const isCompany = kind === "company";
  const name = isCompany ? companyName(rng, cityName ? { city: cityName } : {}) : personName(rng);
  return {
    id: uuidv7(createdAt),
    kind,
    name,
    city: cityName,
    phone: chance(rng, isCompany ? 0.9 : 0.95) ? mobilePhone(rng) : null,
    email: chance(rng, isCompany ? 0.7 : 0.4) ? (isCompany ? companyEmail(rng, name) : personalEmail(rng)) : null,
    uscc: null,
    protectedUntil: ownerPartnerId ? new Date(Date.now() + randomInt(rng, 30, 90) * DAY_MS) : null,
    updatedAt: createdAt,
    ...rest,
    ownerPartnerId,
    createdAt,
  };
}

// ── database factories (tests) ─────────────────────────────────────────────────────────────────

export const DEFAULT_TEST_PASSWORD = "test-password-1";

// Each test process gets its own stream of names; uniqueness comes from ids and email suffixes.
const testRng = createRng(cryptoRandomInt(2 ** 31));
let defaultPasswordHash: Promise<string> | undefined;

/** argon2id is deliberately slow: hash the default password once per process. */
function passwordHashFor(password: string): Promise<string> {
  if (password !== DEFAULT_TEST_PASSWORD) return hashPassword(password);
  defaultPasswordHash ??= hashPassword(DEFAULT_TEST_PASSWORD);
  return defaultPasswordHash;
}

function uniqueSuffix(): string {
  return randomBytes(5).toString("hex");
}

export async function createTestPartner(
  opts: { name?: string; tier?: PartnerTier; region?: string | null; parentPartnerId?: string | null; status?: PartnerStatus } = {},
): Promise<Partner> {
  const data = buildPartner(testRng, {
    tier: opts.tier ?? "bronze",
    status: opts.status ?? "active",
    parentPartnerId: opts.parentPartnerId ?? null,
    ...(opts.region !== undefined ? { region: opts.region } : {}),
  });
  if (opts.name !== undefined) data.name = opts.name;
  return baseDb().partner.create({ data });
}

export type TestUserOptions = { email?: string; name?: string; password?: string };
export type TestPartnerUser = User & { membership: Membership; password: string };
export type TestPlatformUser = User & { platformRoles: PlatformRole[]; password: string };

/** A partner user with a membership; log in with `.email` and `.password`. */
export async function createTestPartnerUser(
  partnerId: string,
  role: MembershipRole,
  opts: TestUserOptions = {},
): Promise<TestPartnerUser> {
  const password = opts.password ?? DEFAULT_TEST_PASSWORD;
  const user = await baseDb().user.create({
    data: {
      email: (opts.email ?? `${role}-${uniqueSuffix()}@partner.qudao.test`).toLowerCase(),
      name: opts.name ?? personName(testRng),
      passwordHash: await passwordHashFor(password),
      kind: "partner",
      membership: { create: { partnerId, role } },
    },
    include: { membership: true },
  });
  const { membership, ...rest } = user;
  if (!membership) throw new Error("createTestPartnerUser: the membership was not created");
  return { ...rest, membership, password };
}

/** Platform staff with the given roles; log in with `.email` and `.password`. */
export async function createTestPlatformUser(roles: PlatformRoleName[], opts: TestUserOptions = {}): Promise<TestPlatformUser> {
  const password = opts.password ?? DEFAULT_TEST_PASSWORD;
  const user = await baseDb().user.create({
    data: {
      email: (opts.email ?? `staff-${uniqueSuffix()}@platform.qudao.test`).toLowerCase(),
      name: opts.name ?? personName(testRng),
      passwordHash: await passwordHashFor(password),
      kind: "platform",
      platformRoles: { create: roles.map((role) => ({ role })) },
    },
    include: { platformRoles: true },
  });
  return { ...user, password };
}

export type TestDeveloper = User & { password: string };

/** A plugin developer account; log in with `.email` and `.password` (the platform app, the API). */
export async function createTestDeveloper(opts: TestUserOptions = {}): Promise<TestDeveloper> {
  const password = opts.password ?? DEFAULT_TEST_PASSWORD;
  const user = await baseDb().user.create({
    data: {
      email: (opts.email ?? `dev-${uniqueSuffix()}@developer.qudao.test`).toLowerCase(),
      name: opts.name ?? personName(testRng),
      passwordHash: await passwordHashFor(password),
      kind: "developer",
    },
  });
  return { ...user, password };
}

/**
 * A lead of the partner. Like the create-lead use case, it is assigned to its creator unless
 * `assigneeId` says otherwise (`null` leaves it unassigned).
 */
export async function createTestLead(
  partnerId: string,
  opts: Omit<Partial<Prisma.LeadUncheckedCreateInput>, "partnerId"> & { createdById: string },
): Promise<Lead> {
  const { assigneeId, ...rest } = opts;
  const data = buildLead(testRng, { ...rest, partnerId, assigneeId: assigneeId === undefined ? opts.createdById : assigneeId });
  return baseDb().lead.create({ data });
}

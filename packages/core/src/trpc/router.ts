import { createCallerFactory, router } from "./init.ts";
import { apiKeysRouter, auditRouter, notificationsRouter, preferencesRouter } from "./routers/account.router.ts";
import { authRouter } from "./routers/auth.router.ts";
import { leadsRouter } from "./routers/leads.router.ts";
import { partnersRouter } from "./routers/partners.router.ts";
import { customersRouter, poolRouter, settingsRouter } from "./routers/customers.router.ts";
import { registrationsRouter } from "./routers/registrations.router.ts";
import { tasksRouter } from "./routers/tasks.router.ts";
import { automationRouter } from "./routers/automation.router.ts";
import { importsRouter } from "./routers/imports.router.ts";
import { activitiesRouter } from "./routers/activities.router.ts";
import { teamRouter } from "./routers/team.router.ts";
import { opportunitiesRouter } from "./routers/opportunities.router.ts";
import { pipelinesRouter } from "./routers/pipelines.router.ts";
import { dashboardRouter } from "./routers/dashboard.router.ts";
import { customerEventsRouter, lifecycleRouter } from "./routers/lifecycle.router.ts";
import { tagsRouter } from "./routers/tags.router.ts";
import { savedFiltersRouter } from "./routers/saved-filters.router.ts";
import { ordersRouter } from "./routers/orders.router.ts";
import { commissionPlansRouter } from "./routers/commission-plans.router.ts";
import { entitlementsRouter } from "./routers/entitlements.router.ts";
import { jobsRouter, statementsRouter } from "./routers/statements.router.ts";
import { planSimulationsRouter, reconciliationRouter } from "./routers/reconciliation.router.ts";
import { disputesRouter } from "./routers/disputes.router.ts";
import { payoutsRouter } from "./routers/payouts.router.ts";
import { developerAccountsRouter } from "./routers/developer-accounts.router.ts";
import { pluginReportsRouter } from "./routers/plugin-reports.router.ts";
import { pluginPartnersRouter } from "./routers/plugin-partners.router.ts";
import { customRecordsRouter, marketplaceRouter, pluginDevelopersRouter, pluginInstallsRouter, pluginReviewsRouter } from "./routers/plugins.router.ts";

export const appRouter = router({
  auth: authRouter,
  partners: partnersRouter,
  leads: leadsRouter,
  notifications: notificationsRouter,
  apiKeys: apiKeysRouter,
  audit: auditRouter,
  preferences: preferencesRouter,
  registrations: registrationsRouter,
  customers: customersRouter,
  pool: poolRouter,
  settings: settingsRouter,
  tasks: tasksRouter,
  automation: automationRouter,
  imports: importsRouter,
  activities: activitiesRouter,
  team: teamRouter,
  opportunities: opportunitiesRouter,
  pipelines: pipelinesRouter,
  dashboard: dashboardRouter,
  customerEvents: customerEventsRouter,
  lifecycle: lifecycleRouter,
  tags: tagsRouter,
  savedFilters: savedFiltersRouter,
  orders: ordersRouter,
  commissionPlans: commissionPlansRouter,
  entitlements: entitlementsRouter,
  statements: statementsRouter,
  jobs: jobsRouter,
  reconciliation: reconciliationRouter,
  planSimulations: planSimulationsRouter,
  disputes: disputesRouter,
  payouts: payoutsRouter,
  pluginDevelopers: pluginDevelopersRouter,
  pluginReviews: pluginReviewsRouter,
  marketplace: marketplaceRouter,
  pluginInstalls: pluginInstallsRouter,
  customRecords: customRecordsRouter,
  pluginReports: pluginReportsRouter,
  pluginPartners: pluginPartnersRouter,
  developerAccounts: developerAccountsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);

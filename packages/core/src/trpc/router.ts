import { createCallerFactory, router } from "./init.ts";
import { apiKeysRouter, auditRouter, notificationsRouter, preferencesRouter } from "./routers/account.router.ts";
import { authRouter } from "./routers/auth.router.ts";
import { leadsRouter } from "./routers/leads.router.ts";
import { partnersRouter } from "./routers/partners.router.ts";
import { customersRouter, poolRouter, settingsRouter } from "./routers/customers.router.ts";
import { registrationsRouter } from "./routers/registrations.router.ts";
import { tasksRouter } from "./routers/tasks.router.ts";

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
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);

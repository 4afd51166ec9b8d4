-- The platform's default automation rule, "dormant customer returns": when a dormant or churned
-- customer becomes active again (customer.reactivated), the owning partner's most recently joined
-- rep gets a task to contact them within 24 hours. A migration rather than the seed, so every
-- database has it (production, tests, demo) exactly once; platform admins may edit, disable or
-- delete it, and a deleted one stays deleted (migrations run once). Its name is an i18n key
-- (automation.builtIn.*), shown in each reader's language. Data only: no schema change.
INSERT INTO "AutomationRule" ("id", "partnerId", "name", "enabled", "triggerType", "triggerEvent", "schedule", "conditions", "actions", "createdById", "createdAt", "updatedAt")
VALUES (
  '01936a00-0000-7000-8000-0000000000a1',
  NULL,
  'automation.builtIn.dormantCustomerReturns',
  true,
  'event',
  'customer.reactivated',
  NULL,
  '{"version": 1, "subject": null, "items": []}',
  '{"version": 1, "items": [{"type": "create_task", "title": {"kind": "key", "key": "contactReturningCustomer"}, "assignee": {"strategy": "most_recent_rep"}, "dueInHours": 24}]}',
  NULL,
  now(),
  now()
)
ON CONFLICT ("id") DO NOTHING;

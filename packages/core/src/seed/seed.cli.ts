/**
 * `npm run db:seed -w @qudao/core`: create the bootstrap platform admin, then load the demo dataset
 * into an empty database (skip it with QUDAO_SEED_DEMO=0). Safe to run again.
 */
import { disconnectDb } from "../db/index.ts";
import { env, usesDemoAdminPassword } from "../env/index.ts";
import { ensureBootstrapAdmin, seedDemo } from "./seed.ts";
import { seedDemoCommissions } from "./demo-commissions.ts";
import { seedDemoPlugins } from "./demo-plugins.ts";
import { createRng } from "../testing/fake-data.ts";

async function main(): Promise<void> {
  const admin = await ensureBootstrapAdmin();
  console.log(
    admin.created
      ? `Platform admin created: ${admin.email} (password: QUDAO_ADMIN_PASSWORD).`
      : "Platform admin: a platform user already exists, nothing to do.",
  );

  if (process.env.QUDAO_SEED_DEMO === "0") {
    console.log("Demo data: skipped (QUDAO_SEED_DEMO=0).");
  } else {
    const summary = await seedDemo();
    if (summary.skipped) {
      console.log("Demo data: the database already has partners, nothing to do.");
    } else {
      console.log(
        `Demo data created: ${summary.partners} partners, ${summary.platformUsers} platform staff, ` +
          `${summary.partnerUsers} partner users, ${summary.leads} leads, ${summary.customers} customers.`,
      );
      // Orders and statements go through the real services, so after the dataset is committed.
      const money = await seedDemoCommissions(createRng(20_261_206));
      console.log(`Demo orders: ${money.orders} orders, ${money.refunds} refunds, ${money.statements} commission statements.`);
      const plugins = await seedDemoPlugins();
      console.log(
        `Demo plugins: ${plugins.plugins} published (the sample and the built-in industry plugins), approved and offered to partners; ` +
          `${plugins.installs} installed by the industry demo partners.`,
      );
      console.log("Demo logins: npx tsx packages/core/src/seed/print-demo-logins.cli.ts (from the repository root)");
    }
  }

  if (usesDemoAdminPassword(env())) {
    console.log("Warning: QUDAO_ADMIN_PASSWORD is the public demo password; change it before going to production.");
  }
}

/** Prisma errors open with a code frame of our own source; the operator needs the cause, its last line. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (!error.name.startsWith("PrismaClient")) return error.message;
  return error.message.trim().split("\n").filter((line) => line.trim() !== "").at(-1) ?? error.message;
}

try {
  await main();
  await disconnectDb();
  process.exit(0);
} catch (error) {
  console.error(`Seed failed: ${describeFailure(error)}`);
  await disconnectDb().catch(() => undefined);
  process.exit(1);
}

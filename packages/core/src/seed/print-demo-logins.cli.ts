/** Print the demo accounts and where to use them. Reads no database. */
import { env, usesDemoAdminPassword } from "../env/index.ts";
import { bootstrapAdminLogin, DEMO_INDUSTRY_PARTNERS, demoDeveloperLogin, demoLogins, demoPluginLogins, type DemoLogin } from "./seed.ts";

const ROLE_LABELS: Record<DemoLogin["app"], Record<string, string>> = {
  platform: { admin: "platform admin", channel_manager: "channel manager", finance: "finance", reviewer: "plugin reviewer", developer: "plugin developer" },
  portal: { admin: "partner admin", manager: "partner manager", rep: "sales rep" },
};

/** Terminal columns: CJK and full-width characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return width;
}

function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ""))));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!)).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

try {
  const e = env();
  const urls = {
    platform: e.PLATFORM_URL ?? `http://127.0.0.1:${e.PLATFORM_PORT}`,
    portal: e.PORTAL_URL ?? `http://127.0.0.1:${e.PORTAL_PORT}`,
  };
  const logins = [bootstrapAdminLogin(), ...demoLogins(), demoDeveloperLogin(), ...demoPluginLogins()];
  // The industry demo partners say which plugin they use; their reps are medical reps or equipment dealers' sales.
  const industry = new Map(DEMO_INDUSTRY_PARTNERS.map((p) => [p.name, p.pluginId]));
  const INDUSTRY_REP: Record<string, string> = { "qudao.pharma": "medical rep", "qudao.manufacturing": "dealer sales rep" };
  const rows = logins.map((l) => {
    const plugin = l.partnerName ? industry.get(l.partnerName) : undefined;
    const role = (plugin && l.role === "rep" ? INDUSTRY_REP[plugin] : undefined) ?? ROLE_LABELS[l.app][l.role] ?? l.role;
    return [urls[l.app], l.email, role, l.name, plugin ? `${l.partnerName} (${plugin})` : (l.partnerName ?? "")];
  });

  console.log("Qudao demo logins — demo credentials, change them in production.\n");
  console.log(table(["App", "Email", "Role", "Name", "Partner"], rows));
  console.log(
    usesDemoAdminPassword(e)
      ? `\nPassword for every account: ${e.QUDAO_ADMIN_PASSWORD}`
      : "\nPassword for every account: the value of QUDAO_ADMIN_PASSWORD (not printed).",
  );
  console.log("The accounts exist once `npm run db:seed` has run; it creates the platform admin only while no platform user exists.");
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

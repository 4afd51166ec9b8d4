import { redirect } from "@remix-run/node";

// The console opens on the cross-partner lead list until dashboards arrive with later issues.
export const loader = () => redirect("/leads");

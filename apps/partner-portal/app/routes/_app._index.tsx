import { redirect } from "@remix-run/node";

// The portal opens on the lead list.
export const loader = () => redirect("/leads");

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { can, type Permission } from "@qudao/core/server";
import { requireSignedIn } from "~/.server/request.server";
import { pageTitle } from "~/components/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "platform.home.title");

// Until dashboards arrive, the console opens on the first list the role may read.
const START_PAGES: ReadonlyArray<readonly [string, Permission]> = [
  ["/leads", "lead:read"],
  ["/partners", "partner:list"],
  ["/api-keys", "apiKey:manage"],
  ["/plugin-reviews", "plugin:review"],
];

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn(request);
  const start = START_PAGES.find(([, permission]) => can(actor, permission));
  if (start) throw redirect(start[0]);
  return json({});
}

export default function Home() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("platform.home.welcome")}</h1>
      <p className="empty">{t("platform.home.nothingYet")}</p>
    </>
  );
}

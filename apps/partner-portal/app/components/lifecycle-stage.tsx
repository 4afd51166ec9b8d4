import { useTranslation } from "react-i18next";

/**
 * A customer's lifecycle stage by name. Stages are data (plugins may add their own), so a stage
 * the portal has no label for is shown as stored rather than hidden.
 */
export function useLifecycleStage(): (stage: string) => string {
  const { t } = useTranslation();
  return (stage) => t(`portal.lifecycle.${stage}`, { defaultValue: stage });
}

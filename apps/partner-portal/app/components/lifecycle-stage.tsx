import { lifecycleStageKey } from "@qudao/core/schemas";
import { useTranslation } from "react-i18next";

/**
 * A customer's lifecycle stage by name. Core labels its built-in stages (`common.lifecycle.*`);
 * stages are data (plugins may add their own), so one core has no label for is shown as stored.
 */
export function useLifecycleStage(): (stage: string) => string {
  const { t } = useTranslation();
  return (stage) => {
    const key = lifecycleStageKey(stage);
    return key ? t(key) : stage;
  };
}

/** Handler of the `imports` queue: one import run. Loaded lazily by the worker (exceljs and csv-parse are large). */
import { runImport } from "../modules/imports/index.ts";
import { ZImportRunJob } from "./import.job.ts";

export async function handleImportJob(data: unknown): Promise<{ status: string; importedRows: number; errorRows: number }> {
  const job = ZImportRunJob.parse(data);
  return runImport(job.importJobId, job.locale);
}

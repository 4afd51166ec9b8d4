export { createImport, listImports, getImport, previewImport, startImport, importErrorFile, presentImportJob } from "./imports.service.ts";
export { runImport, LEAD_BATCH, type RunOptions, type RunResult } from "./import-run.service.ts";
export { notifyImportFinished } from "./import-finished.consumer.ts";
export { suggestMapping, normaliseHeader, headerScore } from "./import-headers.rules.ts";
export { detectEncoding, detectDelimiter, type TextEncoding } from "./import-encoding.rules.ts";
export * from "./imports.schemas.ts";

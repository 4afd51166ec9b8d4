export { exportList, EXPORT_FORMATS, EXPORT_PAGE_SIZE, type ExportFile, type ExportFormat } from "./exports.service.ts";
export { exportDefinition, exportEntities, registerExport, type ExportCell, type ExportColumn, type ExportDefinition, type ExportPage } from "./exports.registry.ts";
export { asciiFileName, contentDisposition, csvField, csvLine, formatDateTime, neutraliseFormula, spreadsheetDate, UTF8_BOM } from "./spreadsheet.rules.ts";

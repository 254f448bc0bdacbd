export { renderReportXlsx, XLSX_SHEET_NAMES, XLSX_HEADER_ROW } from './xlsx';
export { renderReportDocx, type ReportDocxOptions } from './docx';
export * from './format';
export * from './labels';
export * from './rows';
export * from './narrative';

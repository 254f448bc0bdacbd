import { Workbook, type Alignment, type Borders, type Worksheet } from 'exceljs';
import { INDICATOR_MET_LABELS } from '../../domain/src';
import type { ConsolidatedReport } from '../../domain/src/reporting/consolidated-report';
import { cleanText, excelDateOf, excelDayOf, excelNumberFormat, formatDateTimeVi } from './format';
import { REPORT_TASK_CATEGORIES, assumedDueNote, taskCategoryLabel } from './labels';
import { agencyRows, indicatorRows, overdueRows } from './rows';
import { repackZip } from './zip';

export const XLSX_SHEET_NAMES = {
  indicators: 'Chỉ tiêu',
  agencies: 'Cơ quan báo cáo',
  overdue: 'Nhiệm vụ quá hạn',
} as const;

/** Row of the column headers on every sheet: a title row, a subtitle row and a blank row come first. */
export const XLSX_HEADER_ROW = 4;

type CellValue = string | number | Date | null;
type ColumnKind = 'text' | 'wrap' | 'center' | 'integer' | 'number' | 'date' | 'datetime';

interface ColumnSpec {
  header: string;
  width: number;
  kind: ColumnKind;
}

const FONT = 'Times New Roman';
const THIN: Borders = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
} as Borders;

const ALIGNMENT: Record<ColumnKind, Partial<Alignment>> = {
  text: { vertical: 'top', horizontal: 'left' },
  wrap: { vertical: 'top', horizontal: 'left', wrapText: true },
  center: { vertical: 'top', horizontal: 'center', wrapText: true },
  integer: { vertical: 'top', horizontal: 'right' },
  number: { vertical: 'top', horizontal: 'right' },
  date: { vertical: 'top', horizontal: 'center' },
  datetime: { vertical: 'top', horizontal: 'center' },
};

function numFmtOf(kind: ColumnKind, value: CellValue): string | undefined {
  switch (kind) {
    case 'integer':
      return '#,##0';
    case 'number':
      return typeof value === 'number' ? excelNumberFormat(value) : undefined;
    case 'date':
      return 'dd/mm/yyyy';
    case 'datetime':
      return 'dd/mm/yyyy hh:mm';
    default:
      return undefined;
  }
}

function subtitle(report: ConsolidatedReport): string {
  return [
    `${report.round.planTitle} (${report.round.planCode})`,
    `Hạn báo cáo: ${report.round.dueText}`,
    `Tổng hợp: ${report.compiledBy.name}`,
    `Số liệu đến ${formatDateTimeVi(report.generatedAt)}`,
    ...(report.taskStatistics.agenciesAsOf ? [`Nhiệm vụ theo cơ quan chủ trì ngày ${report.taskStatistics.agenciesAsOf.split('-').reverse().join('/')}`] : []),
  ].join(' · ');
}

/**
 * A sheet laid out the same way each time: title (row 1), subtitle (row 2), headers (row 4, frozen,
 * with an autofilter over the data), data rows, then optional footer rows outside the filter.
 */
function addTableSheet(
  workbook: Workbook,
  name: string,
  title: string,
  report: ConsolidatedReport,
  columns: ColumnSpec[],
  rows: CellValue[][],
  footer: CellValue[][] = [],
): Worksheet {
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: XLSX_HEADER_ROW, topLeftCell: `A${XLSX_HEADER_ROW + 1}`, activeCell: `A${XLSX_HEADER_ROW + 1}` }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${XLSX_HEADER_ROW}:${XLSX_HEADER_ROW}` },
    properties: { defaultRowHeight: 18 },
  });
  columns.forEach((column, i) => {
    sheet.getColumn(i + 1).width = column.width;
  });
  const last = columns.length;

  sheet.getCell(1, 1).value = cleanText(title, true);
  sheet.getCell(1, 1).font = { name: FONT, size: 14, bold: true };
  sheet.mergeCells(1, 1, 1, last);
  sheet.getRow(1).height = 22;
  sheet.getCell(2, 1).value = cleanText(subtitle(report), true);
  sheet.getCell(2, 1).font = { name: FONT, size: 11, italic: true };
  sheet.getCell(2, 1).alignment = { wrapText: true, vertical: 'top' };
  sheet.mergeCells(2, 1, 2, last);
  sheet.getRow(2).height = 32;

  const header = sheet.getRow(XLSX_HEADER_ROW);
  columns.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    cell.value = column.header;
    cell.font = { name: FONT, size: 11, bold: true };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    cell.border = THIN;
  });
  header.height = 45;

  const writeRow = (rowNumber: number, values: CellValue[], bold: boolean) => {
    const row = sheet.getRow(rowNumber);
    columns.forEach((column, i) => {
      const cell = row.getCell(i + 1);
      const value = values[i] ?? null;
      cell.value = typeof value === 'string' ? cleanText(value) : value;
      cell.font = { name: FONT, size: 11, bold };
      cell.alignment = ALIGNMENT[column.kind];
      cell.border = THIN;
      const numFmt = numFmtOf(column.kind, value);
      if (numFmt) cell.numFmt = numFmt;
    });
  };
  rows.forEach((values, i) => writeRow(XLSX_HEADER_ROW + 1 + i, values, false));
  footer.forEach((values, i) => writeRow(XLSX_HEADER_ROW + 1 + rows.length + i, values, true));

  sheet.autoFilter = { from: { row: XLSX_HEADER_ROW, column: 1 }, to: { row: XLSX_HEADER_ROW + Math.max(rows.length, 1), column: last } };
  return sheet;
}

const MET_COLORS: Record<string, string> = { [INDICATOR_MET_LABELS.met]: 'FF006100', [INDICATOR_MET_LABELS.not_met]: 'FF9C0006' };

/**
 * The consolidated report as an Excel workbook: one sheet of indicators, one of agencies with
 * their report status and task categories, one of overdue tasks. Dates are real Excel dates
 * (Vietnam wall-clock time, shown dd/mm/yyyy); the same report gives the same bytes.
 */
export async function renderReportXlsx(report: ConsolidatedReport): Promise<Buffer> {
  const workbook = new Workbook();
  const generated = new Date(Date.parse(report.generatedAt));
  workbook.creator = report.compiledBy.name;
  workbook.lastModifiedBy = report.compiledBy.name;
  workbook.created = generated;
  workbook.modified = generated;
  workbook.title = `Tổng hợp báo cáo - ${report.round.planTitle}`;
  workbook.calcProperties = { fullCalcOnLoad: false };

  const indicators = indicatorRows(report);
  const indicatorSheet = addTableSheet(
    workbook,
    XLSX_SHEET_NAMES.indicators,
    'KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU',
    report,
    [
      { header: 'STT', width: 6, kind: 'center' },
      { header: 'Mã chỉ tiêu', width: 24, kind: 'text' },
      { header: 'Tên chỉ tiêu', width: 52, kind: 'wrap' },
      { header: 'Đơn vị tính', width: 14, kind: 'center' },
      { header: 'Mục tiêu kế hoạch', width: 18, kind: 'center' },
      { header: 'Cách tổng hợp', width: 16, kind: 'center' },
      { header: 'Thực hiện', width: 14, kind: 'number' },
      { header: 'Số cơ quan báo cáo', width: 12, kind: 'integer' },
      { header: 'Đánh giá', width: 17, kind: 'center' },
    ],
    indicators.map((row) => [row.index, row.code, row.name, row.unit, row.targetText, row.aggregation, row.actual, row.reports, row.metLabel]),
  );
  indicators.forEach((row, i) => {
    const color = MET_COLORS[row.metLabel];
    const cell = indicatorSheet.getCell(XLSX_HEADER_ROW + 1 + i, 9);
    cell.font = { name: FONT, size: 11, bold: row.met !== null, color: color ? { argb: color } : undefined, italic: row.met === null };
  });

  const categories = [...REPORT_TASK_CATEGORIES, 'cancelled'] as const;
  addTableSheet(
    workbook,
    XLSX_SHEET_NAMES.agencies,
    'TÌNH HÌNH BÁO CÁO VÀ THỰC HIỆN NHIỆM VỤ CỦA CÁC CƠ QUAN, ĐƠN VỊ',
    report,
    [
      { header: 'STT', width: 6, kind: 'center' },
      { header: 'Mã cơ quan', width: 20, kind: 'text' },
      { header: 'Cơ quan, đơn vị', width: 42, kind: 'wrap' },
      { header: 'Tình trạng báo cáo', width: 22, kind: 'center' },
      { header: 'Thời điểm gửi báo cáo', width: 18, kind: 'datetime' },
      ...categories.map((category) => ({ header: taskCategoryLabel(category), width: 14, kind: 'integer' as const })),
      { header: 'Tổng số nhiệm vụ', width: 12, kind: 'integer' },
    ],
    agencyRows(report).map((row) => [
      row.index,
      row.agency,
      row.agencyName,
      row.statusLabel,
      row.submittedAt ? excelDateOf(row.submittedAt) : null,
      ...categories.map((category) => row.tasks[category]),
      row.totalTasks,
    ]),
    [
      [
        null,
        null,
        'Tổng cộng',
        null,
        null,
        ...categories.map((category) => report.taskStatistics.byCategory[category] ?? 0),
        report.taskStatistics.total,
      ],
    ],
  );

  addTableSheet(
    workbook,
    XLSX_SHEET_NAMES.overdue,
    'CÁC NHIỆM VỤ QUÁ HẠN',
    report,
    [
      { header: 'STT', width: 6, kind: 'center' },
      { header: 'Mã nhiệm vụ', width: 16, kind: 'text' },
      { header: 'Nhiệm vụ', width: 60, kind: 'wrap' },
      { header: 'Mã cơ quan', width: 18, kind: 'text' },
      { header: 'Cơ quan chủ trì', width: 36, kind: 'wrap' },
      { header: 'Hạn hoàn thành', width: 14, kind: 'date' },
      { header: 'Số ngày làm việc quá hạn', width: 14, kind: 'integer' },
      { header: 'Cấp báo cáo lên', width: 12, kind: 'integer' },
      { header: 'Đã báo cáo lên', width: 26, kind: 'wrap' },
      { header: 'Ghi chú về hạn', width: 30, kind: 'wrap' },
    ],
    overdueRows(report).map((row) => [
      row.index,
      row.taskId,
      row.title,
      row.agency,
      row.agencyName,
      excelDayOf(row.dueAt),
      row.workingDaysOverdue,
      row.escalationLevel,
      row.escalatedTo,
      assumedDueNote(row.dueAssumed),
    ]),
  );

  const written = await workbook.xlsx.writeBuffer();
  return repackZip(new Uint8Array(written as ArrayBuffer), report.generatedAt);
}

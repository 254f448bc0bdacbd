/**
 * The consolidated report as a Vietnamese administrative report (Word), laid out after
 * Decree 30/2020/NĐ-CP on clerical work, Appendix I, Part I ("Thể thức và kỹ thuật trình bày văn
 * bản hành chính"). The rule each choice follows is named next to it as "I.3", "II.1" … (sections
 * of Part I of that appendix).
 *
 * - I.1, I.2  A4 (210 × 297 mm), portrait.
 * - I.3       Margins: top and bottom 20 mm (20–25), left 30 mm (30–35), right 15 mm (15–20).
 * - I.4       Times New Roman (Unicode), black, on every run and in the document defaults.
 * - I.7       Page numbers: Arabic, size 13, upright, centred in the top margin, not on page 1.
 * - IV        Positions: the issuing body top left (box 2) with the number under it (box 3); the
 *             national emblem heading top right (box 1) with the place and date under it (box 4);
 *             title and summary centred (box 5a); text (6); recipients bottom left (9a, 9b) level
 *             with the signer's authority and title bottom right (7a–7c).
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type ParagraphChild,
} from 'docx';
import type { ConsolidatedReport } from '../../domain/src/reporting/consolidated-report';
import { cleanText, formatDateVi, formatNumberVi, placeDateLine } from './format';
import {
  REPORT_TASK_CATEGORIES,
  agencyAbbreviation,
  assumedDueNote,
  governingBodyLine,
  lowerFirst,
  placeOf,
  reportSummaryLine,
  shortCommitteeName,
  taskCategoryLabel,
  upperVi,
} from './labels';
import {
  closingParagraph,
  indicatorParagraph,
  introParagraph,
  lateParagraph,
  missingParagraph,
  overdueParagraph,
  participationParagraph,
  proposals,
  taskStatisticsParagraph,
  unmetIndicatorsParagraph,
} from './narrative';
import { indicatorRows, overdueRows, taskAgencyRows } from './rows';
import { estimateTextWidthTwips } from './text-width';
import { repackZip, stampCoreProperties } from './zip';

/** What the consolidated report does not say about the document itself; all optional. */
export interface ReportDocxOptions {
  /** Top line of the header, the governing body (default: from `sentTo`, "UBND THÀNH PHỐ HÀ NỘI"). */
  governingBody?: string;
  /** The place in the place-and-date line (default: the city of `sentTo`, else "Hà Nội"). */
  place?: string;
  /** The registered number; left blank by default for the clerk to fill in when the report is issued. */
  number?: string;
  /** The issuing body's abbreviation in the symbol "BC-…" (default: from `compiledBy`, "SKHĐT"). */
  symbol?: string;
  /** Who signs: a deputy on behalf of the head ("KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC", the default) or the head. */
  signer?: { deputy?: boolean; headTitle?: string; deputyTitle?: string; name?: string };
  /** The drafting unit after "Lưu: VT," (default "TH"). */
  archiveUnit?: string;
}

export const FONT = 'Times New Roman';
const mm = (value: number) => Math.round((value * 1440) / 25.4);

/** I.1 A4 and I.3 margins, in twips. */
export const PAGE = {
  width: 11906,
  height: 16838,
  margin: { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15), header: mm(10), footer: mm(10) },
} as const;
const TEXT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right;
const CELL_MARGIN = 80;

/** Sizes in points. */
const SIZE = {
  emblem: 12, // II.1.a Quốc hiệu: upper case, 12–13, upright, bold.
  motto: 13, // II.1.b Tiêu ngữ: 13–14, upright, bold (one point above the Quốc hiệu).
  body: 14, // II.6 text: 13–14.
  agency: 12, // II.2 governing body and issuing body: upper case, 12–13.
  number: 13, // II.3 "Số:": 13, upright.
  dateLine: 14, // II.4 place and date: 13–14, italic.
  title: 14, // II.5 type of document and summary: 13–14, bold.
  table: 12, // tables inside the text: the decree sets no size; 12 keeps the columns readable.
  recipientsHeading: 12, // II.9 "Nơi nhận:": 12, bold italic.
  recipients: 11, // II.9 the list: 11, upright.
  signer: 14, // II.7 authority, title and name of the signer: 13–14, bold.
  pageNumber: 13, // I.7
} as const;

/** II.6 text: justified, first line indented 1 cm (1–1.27), at least 6 pt between paragraphs, 1.0–1.5 lines (1.15 here). */
const BODY_FIRST_LINE = mm(10);
const BODY_SPACING = { before: 120, after: 0, line: 276, lineRule: LineRuleType.AUTO } as const;
/** Header lines are set single-spaced ("cách nhau dòng đơn"). */
const SINGLE = { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO } as const;

interface RunStyle {
  size: number;
  bold?: boolean;
  italics?: boolean;
}

function run(text: string, style: RunStyle): TextRun {
  return new TextRun({ text: cleanText(text, true), font: FONT, size: style.size * 2, bold: style.bold, italics: style.italics });
}

function centered(text: string, style: RunStyle, spacing: { before?: number; after?: number } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { ...SINGLE, ...spacing },
    children: [run(text, style)],
  });
}

function body(children: ParagraphChild[] | string, options: { keepNext?: boolean } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: BODY_FIRST_LINE },
    spacing: BODY_SPACING,
    keepNext: options.keepNext,
    children: typeof children === 'string' ? [run(children, { size: SIZE.body })] : children,
  });
}

/** II.6: sections numbered I, II, III with upper-case bold headings; items 1., 2. in bold. */
function heading(text: string): Paragraph {
  return body([run(text, { size: SIZE.body, bold: true })], { keepNext: true });
}

/**
 * A short solid rule centred under a line of text (II.1.b under the Tiêu ngữ, as long as the line;
 * II.2 under the issuing body and II.5 under the summary, 1/3–1/2 of the line). Drawn as the top
 * border of an empty, narrowed paragraph: a border, not an underline, and it does not move the text.
 */
function rule(ruleWidth: number, containerWidth: number): Paragraph {
  const side = Math.max(0, Math.round((containerWidth - ruleWidth) / 2));
  return new Paragraph({
    indent: { left: side, right: side },
    spacing: { before: 0, after: 0, line: 60, lineRule: LineRuleType.EXACT },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    run: { size: 2, font: FONT },
    children: [],
  });
}

const NO_BORDERS = TableBorders.NONE;

function layoutCell(children: Paragraph[], width: number, flushLeft: boolean): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    margins: { left: flushLeft ? 0 : CELL_MARGIN, right: CELL_MARGIN, top: 0, bottom: 0 },
    borders: { top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }, bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }, left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }, right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } },
    children,
  });
}

/** A borderless table that places blocks side by side; `flushLeft` puts the first column's text on the left margin. */
function layoutTable(columnWidths: number[], rows: Paragraph[][][], flushLeft = false): Table {
  return new Table({
    width: { size: columnWidths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths,
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: rows.map((cells) => new TableRow({ cantSplit: true, children: cells.map((children, i) => layoutCell(children, columnWidths[i], flushLeft && i === 0)) })),
  });
}

/** The header block: issuing body and number (left), emblem heading and place-date (right). */
function headerBlock(report: ConsolidatedReport, options: ReportDocxOptions): Table {
  const left = 3700;
  const right = TEXT_WIDTH - left;
  const governing = options.governingBody ?? governingBodyLine(report.sentTo.name);
  const issuing = upperVi(report.compiledBy.name);
  const symbol = options.symbol ?? agencyAbbreviation(report.compiledBy.name);
  const place = options.place ?? placeOf(report.sentTo.name) ?? 'Hà Nội';
  const issuingWidth = Math.min(estimateTextWidthTwips(issuing, SIZE.agency, true), left - 2 * CELL_MARGIN);
  const motto = 'Độc lập - Tự do - Hạnh phúc';
  // II.3: "Số" then a colon; the number is given by the clerk when the report is registered, so it
  // stays blank unless known; the symbol is "BC" (báo cáo, Appendix III) and the issuing body.
  const numberText = `Số: ${options.number ?? '\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0'}/BC-${symbol}`;
  return layoutTable(
    [left, right],
    [
      [
        [
          // II.2: governing body upper case, upright (12–13); issuing body upper case, upright, bold, under it.
          centered(governing, { size: SIZE.agency }),
          centered(issuing, { size: SIZE.agency, bold: true }),
          rule(Math.round(issuingWidth * 0.4), left - 2 * CELL_MARGIN),
        ],
        [
          centered('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { size: SIZE.emblem, bold: true }),
          centered(motto, { size: SIZE.motto, bold: true }),
          rule(estimateTextWidthTwips(motto, SIZE.motto, true), right - 2 * CELL_MARGIN),
        ],
      ],
      [
        [centered(numberText, { size: SIZE.number }, { before: 120 })],
        // II.4: place and date, italic, 13–14, centred under the emblem heading.
        [centered(placeDateLine(place, report.generatedAt), { size: SIZE.dateLine, italics: true }, { before: 120 })],
      ],
    ],
  );
}

/** II.5: "BÁO CÁO" upper case bold, the summary bold under it, a short rule under the summary. */
function titleBlock(report: ConsolidatedReport): Paragraph[] {
  const summary = reportSummaryLine(report.round.planTitle);
  const lineWidth = Math.min(estimateTextWidthTwips(summary, SIZE.title, true), TEXT_WIDTH);
  return [
    centered('BÁO CÁO', { size: SIZE.title, bold: true }, { before: 360 }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: SINGLE,
      indent: { left: mm(10), right: mm(10) },
      children: [run(summary, { size: SIZE.title, bold: true })],
    }),
    rule(Math.round(lineWidth * 0.35), TEXT_WIDTH),
    new Paragraph({ spacing: { before: 0, after: 120 }, children: [] }),
  ];
}

type Align = 'left' | 'center' | 'right';
const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;
const GRID = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;

/** A data table inside the text: thin grid, bold header row repeated on each page, 12 pt. */
function dataTable(columns: { header: string; width: number; align: Align }[], rows: string[][], totalRow?: string[]): Table {
  const cell = (text: string, width: number, align: Align, bold: boolean) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      margins: { left: CELL_MARGIN, right: CELL_MARGIN, top: 30, bottom: 30 },
      verticalAlign: VerticalAlignTable.CENTER,
      children: [new Paragraph({ alignment: ALIGN[align], spacing: SINGLE, children: [run(text, { size: SIZE.table, bold })] })],
    });
  const widths = columns.map((c) => c.width);
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: GRID, bottom: GRID, left: GRID, right: GRID, insideHorizontal: GRID, insideVertical: GRID },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: columns.map((c) => cell(c.header, c.width, 'center', true)) }),
      ...rows.map((values) => new TableRow({ cantSplit: true, children: columns.map((c, i) => cell(values[i] ?? '', c.width, c.align, false)) })),
      ...(totalRow ? [new TableRow({ cantSplit: true, children: columns.map((c, i) => cell(totalRow[i] ?? '', c.width, i === 1 ? 'left' : c.align, true)) })] : []),
    ],
  });
}

/** Fits column widths to the text width: the flexible column takes what the others leave. */
function fit(columns: { header: string; width: number; align: Align }[], flexible: number) {
  const fixed = columns.reduce((sum, c, i) => (i === flexible ? sum : sum + c.width), 0);
  return columns.map((c, i) => (i === flexible ? { ...c, width: TEXT_WIDTH - fixed } : c));
}

const n = (value: number) => formatNumberVi(value);
/** A thin gap before a table, kept with it. */
const spacer = () =>
  new Paragraph({ keepNext: true, spacing: { before: 0, after: 0, line: 120, lineRule: LineRuleType.EXACT }, run: { size: 2, font: FONT }, children: [] });

function taskTable(report: ConsolidatedReport): Table {
  const hasCancelled = (report.taskStatistics.byCategory.cancelled ?? 0) > 0;
  const categories = hasCancelled ? [...REPORT_TASK_CATEGORIES, 'cancelled' as const] : [...REPORT_TASK_CATEGORIES];
  const columns = fit(
    [
      { header: 'STT', width: 700, align: 'center' },
      { header: 'Cơ quan, đơn vị', width: 0, align: 'left' },
      ...categories.map((category) => ({ header: taskCategoryLabel(category), width: hasCancelled ? 1000 : 1150, align: 'center' as const })),
      { header: 'Tổng số', width: 800, align: 'center' },
    ],
    1,
  );
  const rows = taskAgencyRows(report).map((row) => [String(row.index), row.agencyName, ...categories.map((c) => n(row.tasks[c])), n(row.total)]);
  const total = ['', 'Tổng cộng', ...categories.map((c) => n(report.taskStatistics.byCategory[c] ?? 0)), n(report.taskStatistics.total)];
  return dataTable(columns, rows, total);
}

function indicatorTable(report: ConsolidatedReport): Table {
  const columns = fit(
    [
      { header: 'STT', width: 700, align: 'center' },
      { header: 'Chỉ tiêu', width: 0, align: 'left' },
      { header: 'Đơn vị tính', width: 1150, align: 'center' },
      { header: 'Kế hoạch', width: 1450, align: 'center' },
      { header: 'Thực hiện', width: 1200, align: 'right' },
      { header: 'Đánh giá', width: 1450, align: 'center' },
    ],
    1,
  );
  const rows = indicatorRows(report).map((row) => [
    String(row.index),
    row.name,
    row.unit,
    row.targetText,
    row.actual === null ? '-' : n(row.actual),
    row.metLabel,
  ]);
  return dataTable(columns, rows);
}

function overdueTable(report: ConsolidatedReport): Table {
  const columns = fit(
    [
      { header: 'STT', width: 700, align: 'center' },
      { header: 'Nhiệm vụ', width: 0, align: 'left' },
      { header: 'Cơ quan chủ trì', width: 2300, align: 'left' },
      { header: 'Hạn hoàn thành', width: 1350, align: 'center' },
      { header: 'Số ngày làm việc quá hạn', width: 1250, align: 'center' },
    ],
    1,
  );
  const rows = overdueRows(report).map((row) => [
    String(row.index),
    row.title,
    row.agencyName,
    // A date the document does not state is the plan's assumption, and the report says so beside it.
    row.dueAssumed ? `${formatDateVi(row.dueAt)} (${lowerFirst(assumedDueNote(true))})` : formatDateVi(row.dueAt),
    n(row.workingDaysOverdue),
  ]);
  return dataTable(columns, rows);
}

/** The narratives the agencies sent, one paragraph each (line breaks start new paragraphs). */
function agencyNarratives(report: ConsolidatedReport): Paragraph[] {
  const out: Paragraph[] = [];
  for (const participant of report.participants) {
    const content = participant.content ? cleanText(participant.content).trim() : '';
    if (!content) continue;
    const [first, ...rest] = content.split(/\n+/).map((line) => line.trim()).filter(Boolean);
    out.push(body([run(`- ${participant.agencyName}: `, { size: SIZE.body, italics: true }), run(first, { size: SIZE.body })]));
    for (const line of rest) out.push(body(line));
  }
  return out;
}

function bodyBlock(report: ConsolidatedReport): (Paragraph | Table)[] {
  const narratives = agencyNarratives(report);
  const late = lateParagraph(report);
  const unmet = unmetIndicatorsParagraph(report);
  const hasOverdue = report.overdueTasks.length > 0;
  return [
    body(introParagraph(report)),
    heading('I. KẾT QUẢ THỰC HIỆN'),
    heading('1. Tình hình gửi báo cáo của các cơ quan, đơn vị'),
    body(participationParagraph(report)),
    heading('2. Kết quả thực hiện nhiệm vụ'),
    body(taskStatisticsParagraph(report), { keepNext: true }),
    body([run('Kết quả thực hiện nhiệm vụ theo cơ quan chủ trì:', { size: SIZE.body, italics: true })], { keepNext: true }),
    spacer(),
    taskTable(report),
    heading('3. Kết quả thực hiện các chỉ tiêu'),
    body(indicatorParagraph(report), { keepNext: true }),
    spacer(),
    ...(report.indicators.length > 0 ? [indicatorTable(report)] : []),
    ...(narratives.length > 0 ? [heading('4. Báo cáo của các cơ quan, đơn vị'), ...narratives] : []),
    heading('II. TỒN TẠI, HẠN CHẾ'),
    heading('1. Nhiệm vụ quá hạn'),
    body(overdueParagraph(report), { keepNext: hasOverdue }),
    ...(hasOverdue ? [spacer(), overdueTable(report)] : []),
    heading('2. Cơ quan, đơn vị chưa gửi báo cáo'),
    body(missingParagraph(report)),
    ...(late ? [body(late)] : []),
    ...(unmet ? [heading('3. Chỉ tiêu chưa đạt'), body(unmet)] : []),
    heading('III. KIẾN NGHỊ, ĐỀ XUẤT'),
    ...proposals(report).map((text, i) => body(`${i + 1}. ${text}`)),
    body(closingParagraph(report)),
  ];
}

/**
 * II.9 recipients (bottom left, level with the signer's authority): "Nơi nhận:" bold italic 12;
 * the list upright 11, each line from the left edge starting with "-" and ending with ";", the last
 * "Lưu: VT, <unit>." ending with ".". II.7 signer (bottom right): "KT." and the head's title, the
 * signer's title, upper case bold 13–14; the name bold 13–14 centred under them after the space
 * for the signature and seal.
 */
function closingBlock(report: ConsolidatedReport, options: ReportDocxOptions): Table {
  const left = 5000;
  const right = TEXT_WIDTH - left;
  // A line that wraps goes on under the text, not under the dash.
  const recipientLine = (text: string) =>
    new Paragraph({ spacing: SINGLE, indent: { left: 120, hanging: 120 }, children: [run(text, { size: SIZE.recipients })] });
  const recipients = [
    new Paragraph({ spacing: SINGLE, children: [run('Nơi nhận:', { size: SIZE.recipientsHeading, bold: true, italics: true })] }),
    recipientLine(`- ${shortCommitteeName(report.sentTo.name)} (để báo cáo);`),
    recipientLine('- Các Sở, ban, ngành, UBND các quận, huyện, thị xã;'),
    recipientLine(`- Lưu: VT, ${options.archiveUnit ?? 'TH'}.`),
  ];
  const signer = options.signer ?? {};
  const headTitle = upperVi(signer.headTitle ?? (/^sở(?=\s)/i.test(report.compiledBy.name) ? 'Giám đốc' : 'Thủ trưởng'));
  const deputy = signer.deputy ?? true;
  const deputyTitle = upperVi(signer.deputyTitle ?? `Phó ${headTitle.toLowerCase()}`);
  const titleLines = deputy ? [`KT. ${headTitle}`, deputyTitle] : [headTitle];
  const signature = [
    ...titleLines.map((line) => centered(line, { size: SIZE.signer, bold: true })),
    ...Array.from({ length: 4 }, () => centered('', { size: SIZE.signer })),
    centered(signer.name ?? '', { size: SIZE.signer, bold: true }),
  ];
  return layoutTable([left, right], [[recipients, signature]], true);
}

/** I.7: page number centred in the top margin from page 2 on (the first page has its own, empty header). */
function pageNumberHeader(): Header {
  return new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: SIZE.pageNumber * 2 })],
      }),
    ],
  });
}

/**
 * The consolidated report as a .docx administrative report (Decree 30/2020/NĐ-CP). Dates come from
 * `report.generatedAt` in Vietnam time; the same report gives the same bytes.
 */
export async function renderReportDocx(report: ConsolidatedReport, options: ReportDocxOptions = {}): Promise<Buffer> {
  const document = new Document({
    creator: report.compiledBy.name,
    lastModifiedBy: report.compiledBy.name,
    title: `Báo cáo: ${reportSummaryLine(report.round.planTitle)}`,
    description: `Báo cáo tổng hợp đợt báo cáo ${report.round.id} của ${report.round.planCode}`,
    styles: {
      default: {
        document: { run: { font: FONT, size: SIZE.body * 2 }, paragraph: { spacing: SINGLE } },
      },
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: PAGE.margin,
          },
        },
        headers: { default: pageNumberHeader(), first: new Header({ children: [new Paragraph({ children: [] })] }) },
        children: [headerBlock(report, options), ...titleBlock(report), ...bodyBlock(report), new Paragraph({ keepNext: true, children: [] }), closingBlock(report, options)],
      },
    ],
  });
  const packed = await Packer.toBuffer(document);
  return repackZip(new Uint8Array(packed), report.generatedAt, {
    'docProps/core.xml': (xml) => stampCoreProperties(xml, report.generatedAt),
  });
}

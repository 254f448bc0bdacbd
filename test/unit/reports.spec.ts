import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workbook, type Worksheet } from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { reportCompilerOn, type ConsolidatedReport, type DatedAgency } from '@giaoviec/domain';
import {
  PARTICIPANT_STATUS_LABELS,
  XLSX_HEADER_ROW,
  XLSX_SHEET_NAMES,
  agencyAbbreviation,
  agencyRows,
  cleanText,
  escalationTargetLabel,
  excelDateOf,
  excelDayOf,
  formatDateTimeVi,
  formatDateVi,
  formatNumberVi,
  formatPercentVi,
  governingBodyLine,
  indicatorParagraph,
  indicatorRows,
  joinVi,
  metLabel,
  missingParagraph,
  overdueRows,
  participationParagraph,
  placeDateLine,
  placeOf,
  proposals,
  renderReportDocx,
  renderReportXlsx,
  reportSummaryLine,
  shortCommitteeName,
  taskStatisticsParagraph,
} from '@giaoviec/reports';
import { estimateTextWidthTwips } from '../../libs/reports/src/text-width';
import { stampCoreProperties } from '../../libs/reports/src/zip';

// Hanoi's 2024 plan for the collective economy (seed 004), re-based to 2026: the round of IV.2
// (report to the Department of Planning and Investment before 10/12/2026), compiled on 14/12/2026.
const counts = (completed_on_time: number, completed_late: number, in_progress_on_time: number, in_progress_overdue: number, cancelled = 0) => ({
  completed_on_time,
  completed_late,
  in_progress_on_time,
  in_progress_overdue,
  cancelled,
});

const BY_AGENCY = [
  { agency: 'SKHDT', agencyName: 'Sở Kế hoạch và Đầu tư', byCategory: counts(4, 1, 1, 0) },
  { agency: 'STC', agencyName: 'Sở Tài chính', byCategory: counts(1, 0, 0, 2) },
  { agency: 'SNNPTNT', agencyName: 'Sở Nông nghiệp và Phát triển nông thôn', byCategory: counts(3, 0, 1, 1, 1) },
  { agency: 'LMHTX', agencyName: 'Liên minh Hợp tác xã Thành phố Hà Nội', byCategory: counts(5, 1, 2, 0) },
  { agency: 'UBND-BA-DINH', agencyName: 'Ủy ban nhân dân quận Ba Đình', byCategory: counts(2, 0, 1, 0) },
  { agency: 'UBND-DONG-ANH', agencyName: 'Ủy ban nhân dân huyện Đông Anh', byCategory: counts(2, 1, 0, 0) },
  { agency: 'UBND-GIA-LAM', agencyName: 'Ủy ban nhân dân huyện Gia Lâm', byCategory: counts(1, 0, 1, 1) },
  { agency: 'UBND-MY-DUC', agencyName: 'Ủy ban nhân dân huyện Mỹ Đức', byCategory: counts(0, 0, 2, 1) },
  { agency: 'SCT', agencyName: 'Sở Công Thương', byCategory: counts(2, 0, 0, 0) },
].map((entry) => ({ ...entry, total: Object.values(entry.byCategory).reduce((a, b) => a + b, 0) }));

const sumCategory = (key: keyof ReturnType<typeof counts>) => BY_AGENCY.reduce((sum, entry) => sum + entry.byCategory[key], 0);

/** SKHDT merged into STC on 1 March 2025. */
const MERGED_DIRECTORY: DatedAgency[] = [
  { code: 'SKHDT', name: 'Sở Kế hoạch và Đầu tư', kind: 'department', groups: [], validFrom: null, validTo: '2025-02-28', successorCode: 'STC', successorCodes: ['STC'] },
  { code: 'STC', name: 'Sở Tài chính', kind: 'department', groups: [], validFrom: null, validTo: null, successorCode: null },
];

const FIXTURE: ConsolidatedReport = {
  round: {
    id: 'rr-hn-2026-kttt-htx-1',
    planId: 'b7f7f6a2-2f55-4d0a-9d7e-000000002026',
    planCode: 'HN-2026-KTTT-HTX',
    planTitle: 'Kế hoạch phát triển kinh tế tập thể, hợp tác xã trên địa bàn thành phố Hà Nội năm 2026',
    dueAt: '2026-12-09T17:00:00.000Z',
    dueText: 'trước ngày 10/12/2026',
    status: 'open',
    escalationLevel: 2,
    escalatedTo: 'leader',
    closedAt: null,
  },
  compiledBy: { code: 'SKHDT', name: 'Sở Kế hoạch và Đầu tư' },
  sentTo: { code: 'UBND-TP', name: 'Ủy ban nhân dân Thành phố Hà Nội' },
  generatedAt: '2026-12-14T03:30:00.000Z',
  participants: [
    {
      agency: 'SKHDT',
      agencyName: 'Sở Kế hoạch và Đầu tư',
      status: 'submitted',
      submittedAt: '2026-12-07T02:15:00.000Z',
      content: 'Đã tham mưu UBND Thành phố ban hành Kế hoạch; tổ chức 02 hội nghị đối thoại với khu vực kinh tế tập thể.',
      indicatorActuals: [
        { indicator: 'HTX-TOT-KHA', value: 67.5 },
        { indicator: 'HTX-DOANH-THU-BQ', value: 2712.5 },
      ],
    },
    { agency: 'STC', agencyName: 'Sở Tài chính', status: 'late', submittedAt: null, content: null, indicatorActuals: [] },
    {
      agency: 'SNNPTNT',
      agencyName: 'Sở Nông nghiệp và Phát triển nông thôn',
      status: 'submitted',
      submittedAt: '2026-12-08T09:40:00.000Z',
      content: 'Hỗ trợ 12 HTX nông nghiệp ứng dụng công nghệ cao.\nCủng cố tổ chức bộ máy 20 HTX.',
      indicatorActuals: [{ indicator: 'HTX-CUNG-CO-KIEU-MAU', value: 20 }],
    },
    {
      agency: 'LMHTX',
      agencyName: 'Liên minh Hợp tác xã Thành phố Hà Nội',
      status: 'submitted',
      submittedAt: '2026-12-09T08:00:00.000Z',
      content: 'Tổ chức 30 lớp đào tạo, bồi dưỡng cho 1.900 cán bộ quản lý HTX.',
      indicatorActuals: [
        { indicator: 'DAO-TAO-SO-CAN-BO', value: 1900 },
        { indicator: 'HTX-CUNG-CO-KIEU-MAU', value: 25 },
      ],
    },
    {
      agency: 'UBND-BA-DINH',
      agencyName: 'Ủy ban nhân dân quận Ba Đình',
      status: 'submitted',
      submittedAt: '2026-12-08T03:00:00.000Z',
      content: 'Hướng dẫn thành lập mới 12 HTX và 40 tổ hợp tác.',
      indicatorActuals: [
        { indicator: 'HTX-THANH-LAP-MOI', value: 12 },
        { indicator: 'THT-THANH-LAP-MOI', value: 40 },
        { indicator: 'DAO-TAO-SO-CAN-BO', value: 450 },
      ],
    },
    {
      agency: 'UBND-DONG-ANH',
      agencyName: 'Ủy ban nhân dân huyện Đông Anh',
      status: 'submitted',
      submittedAt: '2026-12-09T10:20:00.000Z',
      content: 'Hướng dẫn thành lập mới 35 HTX và 60 tổ hợp tác.',
      indicatorActuals: [
        { indicator: 'HTX-THANH-LAP-MOI', value: 35 },
        { indicator: 'THT-THANH-LAP-MOI', value: 60 },
        { indicator: 'DAO-TAO-SO-CAN-BO', value: 500 },
      ],
    },
    {
      agency: 'UBND-GIA-LAM',
      agencyName: 'Ủy ban nhân dân huyện Gia Lâm',
      status: 'submitted_late',
      submittedAt: '2026-12-11T01:05:00.000Z',
      content: 'Hướng dẫn thành lập mới 28 HTX và 50 tổ hợp tác.',
      indicatorActuals: [
        { indicator: 'HTX-THANH-LAP-MOI', value: 28 },
        { indicator: 'THT-THANH-LAP-MOI', value: 50 },
      ],
    },
    { agency: 'UBND-MY-DUC', agencyName: 'Ủy ban nhân dân huyện Mỹ Đức', status: 'late', submittedAt: null, content: null, indicatorActuals: [] },
  ],
  missing: [
    { code: 'STC', name: 'Sở Tài chính' },
    { code: 'UBND-MY-DUC', name: 'Ủy ban nhân dân huyện Mỹ Đức' },
  ],
  taskStatistics: {
    total: BY_AGENCY.reduce((sum, entry) => sum + entry.total, 0),
    byCategory: {
      completed_on_time: sumCategory('completed_on_time'),
      completed_late: sumCategory('completed_late'),
      in_progress_on_time: sumCategory('in_progress_on_time'),
      in_progress_overdue: sumCategory('in_progress_overdue'),
      cancelled: sumCategory('cancelled'),
    },
    byAgency: BY_AGENCY,
  },
  overdueTasks: [
    {
      taskId: 'T-III.3.c.2',
      title: 'Bố trí kinh phí hỗ trợ phát triển kinh tế tập thể, hợp tác xã năm 2026',
      agency: 'STC',
      agencyName: 'Sở Tài chính',
      dueAt: '2026-11-30T16:59:59.999Z',
      workingDaysOverdue: 10,
      escalationLevel: 2,
      escalatedTo: 'agency_head',
    },
    {
      taskId: 'T-III.2.b',
      title: 'Hướng dẫn, vận động giải thể các HTX ngừng hoạt động trên địa bàn',
      agency: 'UBND-MY-DUC',
      agencyName: 'Ủy ban nhân dân huyện Mỹ Đức',
      dueAt: '2026-12-04T16:59:59.999Z',
      workingDaysOverdue: 6,
      escalationLevel: 1,
      escalatedTo: 'coordinator',
    },
    {
      taskId: 'T-III.4.k.1',
      title: 'Xây dựng mô hình HTX nông nghiệp ứng dụng công nghệ cao',
      agency: 'SNNPTNT',
      agencyName: 'Sở Nông nghiệp và Phát triển nông thôn',
      dueAt: '2026-12-10T16:59:59.999Z',
      workingDaysOverdue: 1,
      escalationLevel: 0,
      escalatedTo: null,
    },
  ],
  indicators: [
    { code: 'HTX-THANH-LAP-MOI', name: 'Số hợp tác xã được tư vấn, hướng dẫn thành lập mới', unit: 'HTX', targetText: '≥ 100 HTX', aggregation: 'sum', actual: 75, met: false, reports: 3 },
    { code: 'LHHTX-THANH-LAP-MOI', name: 'Số liên hiệp hợp tác xã được tư vấn, hướng dẫn thành lập mới', unit: 'LH HTX', targetText: '≥ 2 LH HTX', aggregation: 'sum', actual: null, met: null, reports: 0 },
    { code: 'THT-THANH-LAP-MOI', name: 'Số tổ hợp tác được tư vấn, hướng dẫn thành lập mới', unit: 'tổ hợp tác', targetText: '≥ 145 tổ hợp tác', aggregation: 'sum', actual: 150, met: true, reports: 3 },
    { code: 'HTX-TOT-KHA', name: 'Tỷ lệ HTX hoạt động loại tốt, khá', unit: '%', targetText: '65–70%', aggregation: 'latest', actual: 67.5, met: true, reports: 1 },
    { code: 'DAO-TAO-SO-CAN-BO', name: 'Số cán bộ quản lý, cán bộ chuyên môn nghiệp vụ HTX được đào tạo, bồi dưỡng', unit: 'người', targetText: '≥ 2.704 người', aggregation: 'sum', actual: 2850, met: true, reports: 3 },
    { code: 'HTX-CUNG-CO-KIEU-MAU', name: 'Số HTX được củng cố tổ chức bộ máy, nâng cao kiểu mẫu', unit: 'HTX', targetText: '≥ 53 HTX', aggregation: 'sum', actual: 45, met: false, reports: 2 },
    { code: 'HTX-DOANH-THU-BQ', name: 'Doanh thu bình quân của HTX', unit: 'triệu đồng/năm', targetText: '≥ 2.700 triệu đồng/năm', aggregation: 'latest', actual: 2712.5, met: true, reports: 1 },
  ],
};

/** Set REPORTS_RENDER_DIR to keep the rendered files (e.g. to convert the .docx to PDF and look at it). */
function keep(name: string, data: Buffer): void {
  const dir = process.env.REPORTS_RENDER_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), data);
}

describe('reports: pure helpers', () => {
  it('writes numbers the Vietnamese way', () => {
    expect(formatNumberVi(1234.5)).toBe('1.234,5');
    expect(formatNumberVi(2704)).toBe('2.704');
    expect(formatNumberVi(1_000_000)).toBe('1.000.000');
    expect(formatNumberVi(67.5)).toBe('67,5');
    expect(formatNumberVi(0.125)).toBe('0,13');
    expect(formatNumberVi(-1234567.891)).toBe('-1.234.567,89');
    expect(formatNumberVi(-0.001)).toBe('0');
    expect(formatNumberVi(999)).toBe('999');
    expect(formatNumberVi(2.0049, 1)).toBe('2');
    expect(formatPercentVi(1, 3)).toBe('33,3%');
    expect(formatPercentVi(0, 0)).toBe('0%');
  });

  it('formats instants in Vietnam time, whatever the host zone', () => {
    expect(formatDateVi('2026-12-09T17:00:00.000Z')).toBe('10/12/2026');
    expect(formatDateVi('2026-12-09T16:59:59.999Z')).toBe('09/12/2026');
    expect(formatDateTimeVi('2026-12-14T03:30:00.000Z')).toBe('14/12/2026 10:30');
    expect(excelDateOf('2026-12-14T03:30:00.000Z').toISOString()).toBe('2026-12-14T10:30:00.000Z');
    expect(excelDayOf('2026-11-30T16:59:59.999Z').toISOString()).toBe('2026-11-30T00:00:00.000Z');
  });

  it('writes the place-and-date line as Decree 30 does (leading 0 for days < 10 and for months 1 and 2 only)', () => {
    expect(placeDateLine('Hà Nội', '2026-12-14T03:30:00.000Z')).toBe('Hà Nội, ngày 14 tháng 12 năm 2026');
    expect(placeDateLine('Hà Nội', '2026-03-04T20:00:00.000Z')).toBe('Hà Nội, ngày 05 tháng 3 năm 2026');
    expect(placeDateLine('Hà Nội', '2027-02-01T01:00:00.000Z')).toBe('Hà Nội, ngày 01 tháng 02 năm 2027');
    expect(() => placeDateLine('Hà Nội', 'not a date')).toThrow(RangeError);
  });

  it('labels statuses, assessments and escalations in Vietnamese', () => {
    expect(PARTICIPANT_STATUS_LABELS).toEqual({
      pending: 'Chưa báo cáo',
      submitted: 'Đã báo cáo',
      late: 'Quá hạn, chưa báo cáo',
      submitted_late: 'Báo cáo muộn',
    });
    expect([metLabel(true), metLabel(false), metLabel(null)]).toEqual(['Đạt', 'Chưa đạt', 'Chưa có số liệu']);
    expect(escalationTargetLabel('leader')).toBe('Lãnh đạo UBND Thành phố');
    expect(escalationTargetLabel(null)).toBe('');
    expect(escalationTargetLabel('Chủ tịch UBND')).toBe('Chủ tịch UBND');
  });

  it('derives the header lines from the agencies', () => {
    expect(agencyAbbreviation('Sở Kế hoạch và Đầu tư')).toBe('SKHĐT');
    expect(agencyAbbreviation('Sở Nông nghiệp và Phát triển nông thôn')).toBe('SNNPTNT');
    expect(agencyAbbreviation('Sở Tài chính')).toBe('STC');
    expect(agencyAbbreviation('Ủy ban nhân dân Thành phố Hà Nội')).toBe('UBND');
    expect(governingBodyLine('Ủy ban nhân dân Thành phố Hà Nội')).toBe('UBND THÀNH PHỐ HÀ NỘI');
    expect(governingBodyLine('Ủy ban nhân dân tỉnh Sơn La')).toBe('UBND TỈNH SƠN LA');
    expect(shortCommitteeName('Ủy ban nhân dân Thành phố Hà Nội')).toBe('UBND Thành phố');
    expect(shortCommitteeName('Ủy ban nhân dân tỉnh Hòa Bình')).toBe('UBND Tỉnh');
    expect(placeOf('Ủy ban nhân dân Thành phố Hà Nội')).toBe('Hà Nội');
    expect(placeOf('Ủy ban nhân dân tỉnh Sơn La')).toBe('Sơn La');
    expect(placeOf('Liên minh Hợp tác xã')).toBeNull();
    expect(reportSummaryLine(FIXTURE.round.planTitle)).toBe(
      'Kết quả thực hiện Kế hoạch phát triển kinh tế tập thể, hợp tác xã trên địa bàn thành phố Hà Nội năm 2026',
    );
    expect(reportSummaryLine('Phát triển kinh tế tập thể năm 2026')).toBe('Kết quả thực hiện Kế hoạch phát triển kinh tế tập thể năm 2026');
    expect(joinVi(['A', 'B', 'C'])).toBe('A, B và C');
    expect(joinVi(['A'])).toBe('A');
  });

  it('estimates line widths closely enough to size the header rules', () => {
    // Measured in Times New Roman Bold: "Độc lập - Tự do - Hạnh phúc" at 13 pt is about 3,170 twips.
    const motto = estimateTextWidthTwips('Độc lập - Tự do - Hạnh phúc', 13, true);
    expect(motto).toBeGreaterThan(2850);
    expect(motto).toBeLessThan(3500);
    expect(estimateTextWidthTwips('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 12, true)).toBeGreaterThan(estimateTextWidthTwips('SỞ KẾ HOẠCH VÀ ĐẦU TƯ', 12, true));
  });

  it('builds agency rows: participants first, then agencies with tasks that do not report', () => {
    const rows = agencyRows({
      ...FIXTURE,
      participants: FIXTURE.participants.filter((p) => p.agency !== 'SKHDT'),
    });
    expect(rows.map((r) => r.agency)).toEqual(['STC', 'SNNPTNT', 'LMHTX', 'UBND-BA-DINH', 'UBND-DONG-ANH', 'UBND-GIA-LAM', 'UBND-MY-DUC', 'SKHDT', 'SCT']);
    expect(rows[0]).toMatchObject({ index: 1, statusLabel: 'Quá hạn, chưa báo cáo', submittedAt: null, totalTasks: 3 });
    expect(rows[7]).toMatchObject({ status: null, statusLabel: 'Không thuộc diện báo cáo', totalTasks: 6 });
    const noTasks = agencyRows({ ...FIXTURE, taskStatistics: { ...FIXTURE.taskStatistics, byAgency: [] } });
    expect(noTasks[0].tasks).toEqual(counts(0, 0, 0, 0, 0));
  });

  it('builds indicator and overdue rows with Vietnamese labels', () => {
    expect(indicatorRows(FIXTURE).map((r) => [r.code, r.aggregation, r.metLabel])).toEqual([
      ['HTX-THANH-LAP-MOI', 'Tổng cộng', 'Chưa đạt'],
      ['LHHTX-THANH-LAP-MOI', 'Tổng cộng', 'Chưa có số liệu'],
      ['THT-THANH-LAP-MOI', 'Tổng cộng', 'Đạt'],
      ['HTX-TOT-KHA', 'Số liệu mới nhất', 'Đạt'],
      ['DAO-TAO-SO-CAN-BO', 'Tổng cộng', 'Đạt'],
      ['HTX-CUNG-CO-KIEU-MAU', 'Tổng cộng', 'Chưa đạt'],
      ['HTX-DOANH-THU-BQ', 'Số liệu mới nhất', 'Đạt'],
    ]);
    expect(overdueRows(FIXTURE).map((r) => r.escalatedTo)).toEqual(['Thủ trưởng cơ quan', 'Cơ quan điều phối', '']);
  });

  it('writes the sentences from the figures', () => {
    expect(participationParagraph(FIXTURE)).toBe(
      'Tổng số 8 cơ quan, đơn vị thuộc diện báo cáo. Đến 14/12/2026 10:30, đã có 6 cơ quan, đơn vị gửi báo cáo ' +
        '(trong đó 1 báo cáo gửi sau thời hạn); còn 2 cơ quan, đơn vị chưa gửi báo cáo (chi tiết tại Mục II).',
    );
    expect(taskStatisticsParagraph(FIXTURE)).toBe(
      'Tổng số nhiệm vụ theo Kế hoạch: 37 nhiệm vụ, trong đó: hoàn thành đúng hạn 20 nhiệm vụ (54,1%); ' +
        'hoàn thành quá hạn 3 nhiệm vụ (8,1%); đang thực hiện trong hạn 8 nhiệm vụ (21,6%); ' +
        'đang thực hiện quá hạn 5 nhiệm vụ (13,5%); đã hủy 1 nhiệm vụ (2,7%).',
    );
    expect(taskStatisticsParagraph({ ...FIXTURE, taskStatistics: { ...FIXTURE.taskStatistics, agenciesAsOf: '2025-06-30' } })).toMatch(
      /^Tổng số nhiệm vụ theo Kế hoạch giao đến hết ngày 30\/06\/2025, tính theo cơ quan chủ trì tại ngày đó: 37 nhiệm vụ, trong đó:/,
    );
    expect(indicatorParagraph(FIXTURE)).toBe(
      'Kế hoạch đề ra 7 chỉ tiêu; đến thời điểm tổng hợp có 4 chỉ tiêu đạt, 2 chỉ tiêu chưa đạt và 1 chỉ tiêu chưa có số liệu, cụ thể như sau:',
    );
    expect(missingParagraph(FIXTURE)).toBe(
      'Đến thời điểm tổng hợp, còn 2 cơ quan, đơn vị chưa gửi báo cáo: Sở Tài chính và Ủy ban nhân dân huyện Mỹ Đức.',
    );
    expect(missingParagraph({ ...FIXTURE, missing: [] })).toBe('Tất cả các cơ quan, đơn vị thuộc diện báo cáo đã gửi báo cáo.');
    expect(proposals(FIXTURE)[0]).toBe(
      'Đề nghị UBND Thành phố chỉ đạo Sở Tài chính và Ủy ban nhân dân huyện Mỹ Đức khẩn trương gửi báo cáo về ' +
        'Sở Kế hoạch và Đầu tư để tổng hợp, báo cáo theo quy định.',
    );
    expect(proposals({ ...FIXTURE, missing: [], overdueTasks: [], indicators: [] })).toHaveLength(1);
  });

  it('drops the control characters XML forbids', () => {
    expect(cleanText('Báo cáo\u0001 số\u000b liệu\r\ndòng 2')).toBe('Báo cáo số liệu\ndòng 2');
    expect(cleanText('dòng 1 \n\t dòng 2', true)).toBe('dòng 1 dòng 2');
  });

  it('stamps the core properties with the report instant', () => {
    const xml = '<cp:coreProperties><dcterms:created xsi:type="dcterms:W3CDTF">2030-01-01T00:00:00.000Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">x</dcterms:modified></cp:coreProperties>';
    expect(stampCoreProperties(xml, '2026-12-14T03:30:00.000Z')).toBe(
      '<cp:coreProperties><dcterms:created xsi:type="dcterms:W3CDTF">2026-12-14T03:30:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2026-12-14T03:30:00Z</dcterms:modified></cp:coreProperties>',
    );
  });
});

async function readWorkbook(buffer: Buffer): Promise<Workbook> {
  const workbook = new Workbook();
  await workbook.xlsx.load(buffer as unknown as Parameters<Workbook['xlsx']['load']>[0]);
  return workbook;
}

function rowValues(sheet: Worksheet, rowNumber: number, columns: number): unknown[] {
  const row = sheet.getRow(rowNumber);
  return Array.from({ length: columns }, (_, i) => row.getCell(i + 1).value);
}

describe('reports: .xlsx', () => {
  let buffer: Buffer;
  let workbook: Workbook;

  beforeAll(async () => {
    buffer = await renderReportXlsx(FIXTURE);
    keep('consolidated-report.xlsx', buffer);
    workbook = await readWorkbook(buffer);
  });

  it('is a workbook with the three sheets, a title row, frozen headers and an autofilter', () => {
    expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(workbook.worksheets.map((s) => s.name)).toEqual([XLSX_SHEET_NAMES.indicators, XLSX_SHEET_NAMES.agencies, XLSX_SHEET_NAMES.overdue]);
    for (const sheet of workbook.worksheets) {
      expect(String(sheet.getCell('A1').value)).toMatch(/^[A-ZÀ-Ỹ ,]+$/u);
      expect(String(sheet.getCell('A2').value)).toContain(FIXTURE.round.planTitle);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: XLSX_HEADER_ROW });
      expect(sheet.autoFilter).toBeTruthy();
      expect(sheet.getColumn(3).width).toBeGreaterThanOrEqual(36);
    }
    expect(workbook.creator).toBe('Sở Kế hoạch và Đầu tư');
  });

  it('lists every indicator with target, aggregation, actual and assessment', () => {
    const sheet = workbook.getWorksheet(XLSX_SHEET_NAMES.indicators)!;
    expect(rowValues(sheet, XLSX_HEADER_ROW, 9)).toEqual([
      'STT', 'Mã chỉ tiêu', 'Tên chỉ tiêu', 'Đơn vị tính', 'Mục tiêu kế hoạch', 'Cách tổng hợp', 'Thực hiện', 'Số cơ quan báo cáo', 'Đánh giá',
    ]);
    FIXTURE.indicators.forEach((indicator, i) => {
      expect(rowValues(sheet, XLSX_HEADER_ROW + 1 + i, 9)).toEqual([
        i + 1,
        indicator.code,
        indicator.name,
        indicator.unit,
        indicator.targetText,
        indicator.aggregation === 'sum' ? 'Tổng cộng' : 'Số liệu mới nhất',
        indicator.actual,
        indicator.reports,
        metLabel(indicator.met),
      ]);
    });
    expect(sheet.getCell(XLSX_HEADER_ROW + 7, 7).numFmt).toBe('#,##0.0#');
    expect(sheet.getCell(XLSX_HEADER_ROW + 5, 7).numFmt).toBe('#,##0');
  });

  it('lists every agency with its report status, submission time and task categories', () => {
    const sheet = workbook.getWorksheet(XLSX_SHEET_NAMES.agencies)!;
    expect(rowValues(sheet, XLSX_HEADER_ROW, 11)).toEqual([
      'STT', 'Mã cơ quan', 'Cơ quan, đơn vị', 'Tình trạng báo cáo', 'Thời điểm gửi báo cáo',
      'Hoàn thành đúng hạn', 'Hoàn thành quá hạn', 'Đang thực hiện trong hạn', 'Đang thực hiện quá hạn', 'Đã hủy', 'Tổng số nhiệm vụ',
    ]);
    const byCode = new Map<string, unknown[]>();
    for (let r = XLSX_HEADER_ROW + 1; r <= XLSX_HEADER_ROW + 9; r++) {
      const values = rowValues(sheet, r, 11);
      byCode.set(String(values[1]), values);
    }
    expect(byCode.get('STC')).toEqual([2, 'STC', 'Sở Tài chính', 'Quá hạn, chưa báo cáo', null, 1, 0, 0, 2, 0, 3]);
    expect(byCode.get('UBND-GIA-LAM')?.slice(3)).toEqual(['Báo cáo muộn', new Date('2026-12-11T08:05:00.000Z'), 1, 0, 1, 1, 0, 3]);
    expect(byCode.get('SNNPTNT')?.slice(3)).toEqual(['Đã báo cáo', new Date('2026-12-08T16:40:00.000Z'), 3, 0, 1, 1, 1, 6]);
    expect(byCode.get('SCT')?.slice(3, 5)).toEqual(['Không thuộc diện báo cáo', null]);
    expect(sheet.getCell(XLSX_HEADER_ROW + 2, 5).numFmt).toBe('dd/mm/yyyy hh:mm');
    const s = FIXTURE.taskStatistics;
    expect(rowValues(sheet, XLSX_HEADER_ROW + 10, 11)).toEqual([
      null, null, 'Tổng cộng', null, null,
      s.byCategory.completed_on_time, s.byCategory.completed_late, s.byCategory.in_progress_on_time, s.byCategory.in_progress_overdue, s.byCategory.cancelled, s.total,
    ]);
  });

  it('lists the overdue tasks with due dates as Excel dates', () => {
    const sheet = workbook.getWorksheet(XLSX_SHEET_NAMES.overdue)!;
    expect(rowValues(sheet, XLSX_HEADER_ROW, 9)).toEqual([
      'STT', 'Mã nhiệm vụ', 'Nhiệm vụ', 'Mã cơ quan', 'Cơ quan chủ trì', 'Hạn hoàn thành', 'Số ngày làm việc quá hạn', 'Cấp báo cáo lên', 'Đã báo cáo lên',
    ]);
    expect(rowValues(sheet, XLSX_HEADER_ROW + 1, 9)).toEqual([
      1, 'T-III.3.c.2', FIXTURE.overdueTasks[0].title, 'STC', 'Sở Tài chính', new Date('2026-11-30T00:00:00.000Z'), 10, 2, 'Thủ trưởng cơ quan',
    ]);
    expect(rowValues(sheet, XLSX_HEADER_ROW + 3, 9).slice(5)).toEqual([new Date('2026-12-10T00:00:00.000Z'), 1, 0, '']);
    expect(sheet.getCell(XLSX_HEADER_ROW + 1, 6).numFmt).toBe('dd/mm/yyyy');
  });

  it('names the coordinating office the directory holds: after SKHDT merged into STC, "SỞ TÀI CHÍNH" and "…/BC-STC"', async () => {
    const merged = reportCompilerOn(FIXTURE.compiledBy, MERGED_DIRECTORY, '2026-12-14');
    expect(merged).toEqual({ code: 'STC', name: 'Sở Tài chính' });
    const other = await renderReportDocx({ ...FIXTURE, compiledBy: merged }, { number: '12' });
    const lines = paragraphsOf(strFromU8(unzipSync(new Uint8Array(other))['word/document.xml'])).map(unescapeXml);
    expect(lines).toContain('SỞ TÀI CHÍNH');
    expect(lines).not.toContain('SỞ KẾ HOẠCH VÀ ĐẦU TƯ');
    expect(lines).toContain('Số: 12/BC-STC');
    expect(lines.some((line) => line.includes('Sở Tài chính tổng hợp'))).toBe(true);
    // Before the merge the round's own office compiles.
    expect(reportCompilerOn(FIXTURE.compiledBy, MERGED_DIRECTORY, '2025-02-28')).toBe(FIXTURE.compiledBy);
  });

  it('gives the same bytes for the same report', async () => {
    expect((await renderReportXlsx(FIXTURE)).equals(buffer)).toBe(true);
  });

  it('renders a round with nothing in it', async () => {
    const empty: ConsolidatedReport = {
      ...FIXTURE,
      participants: [],
      missing: [],
      overdueTasks: [],
      indicators: [],
      taskStatistics: { total: 0, byCategory: counts(0, 0, 0, 0), byAgency: [] },
    };
    const book = await readWorkbook(await renderReportXlsx(empty));
    expect(book.getWorksheet(XLSX_SHEET_NAMES.overdue)!.getCell(XLSX_HEADER_ROW + 1, 1).value).toBeNull();
  });
});

/** The text of each paragraph of a WordprocessingML part. */
function paragraphsOf(xml: string): string[] {
  return (xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? []).map((p) =>
    (p.match(/<w:t(?: [^>]*)?>[^<]*<\/w:t>/g) ?? []).map((t) => t.replace(/<[^>]+>/g, '')).join(''),
  );
}

/** The run properties of the run whose text is exactly `text`. */
function runPropertiesOf(xml: string, text: string): string {
  const runs = xml.match(/<w:r>[\s\S]*?<\/w:r>/g) ?? [];
  const found = runs.find((r) => r.replace(/<w:rPr>[\s\S]*?<\/w:rPr>/, '').replace(/<[^>]+>/g, '') === text);
  if (!found) throw new Error(`no run with text ${JSON.stringify(text)}`);
  return /<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(found)?.[1] ?? '';
}

/** The paragraph properties of the paragraph whose text starts with `start`. */
function paragraphPropertiesOf(xml: string, start: string): string {
  const found = (xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? []).find((p) => paragraphsOf(p)[0]?.startsWith(start));
  if (!found) throw new Error(`no paragraph starting ${JSON.stringify(start)}`);
  return /<w:pPr>([\s\S]*?)<\/w:pPr>/.exec(found)?.[1] ?? '';
}

const unescapeXml = (text: string) =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

describe('reports: .docx', () => {
  let buffer: Buffer;
  let files: Record<string, Uint8Array>;
  let xml: string;
  let text: string;

  beforeAll(async () => {
    buffer = await renderReportDocx(FIXTURE);
    keep('consolidated-report.docx', buffer);
    files = unzipSync(new Uint8Array(buffer));
    xml = strFromU8(files['word/document.xml']);
    text = unescapeXml(paragraphsOf(xml).join('\n'));
  });

  it('is a WordprocessingML package', () => {
    expect(Object.keys(files)[0]).toBe('[Content_Types].xml');
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['word/document.xml', 'word/styles.xml', 'docProps/core.xml']));
    expect(strFromU8(files['docProps/core.xml'])).toContain('2026-12-14T03:30:00Z');
  });

  it('has the header block: issuing body, number, national emblem heading, place and date', () => {
    const lines = text.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'UBND THÀNH PHỐ HÀ NỘI',
        'SỞ KẾ HOẠCH VÀ ĐẦU TƯ',
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Độc lập - Tự do - Hạnh phúc',
        'Hà Nội, ngày 14 tháng 12 năm 2026',
        'BÁO CÁO',
        'Kết quả thực hiện Kế hoạch phát triển kinh tế tập thể, hợp tác xã trên địa bàn thành phố Hà Nội năm 2026',
      ]),
    );
    expect(lines.find((line) => line.startsWith('Số:'))).toMatch(/^Số:\s+\/BC-SKHĐT$/);
    expect(lines.indexOf('UBND THÀNH PHỐ HÀ NỘI')).toBeLessThan(lines.indexOf('SỞ KẾ HOẠCH VÀ ĐẦU TƯ'));
    expect(lines.indexOf('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')).toBeLessThan(lines.indexOf('Độc lập - Tự do - Hạnh phúc'));
  });

  it('has the sections, the figures, the missing agencies and the recipients', () => {
    for (const section of ['I. KẾT QUẢ THỰC HIỆN', 'II. TỒN TẠI, HẠN CHẾ', 'III. KIẾN NGHỊ, ĐỀ XUẤT']) expect(text).toContain(section);
    expect(text).toContain(participationParagraph(FIXTURE));
    expect(text).toContain(taskStatisticsParagraph(FIXTURE));
    // The indicator table: target, actual (Vietnamese number format) and assessment.
    for (const figure of ['≥ 100 HTX', '75', '≥ 2.704 người', '2.850', '65–70%', '67,5', '≥ 2.700 triệu đồng/năm', '2.712,5', 'Chưa có số liệu']) {
      expect(text.split('\n')).toContain(figure);
    }
    expect(text).toContain('Đến thời điểm tổng hợp, còn 2 cơ quan, đơn vị chưa gửi báo cáo: Sở Tài chính và Ủy ban nhân dân huyện Mỹ Đức.');
    expect(text).toContain('Có 1 cơ quan, đơn vị gửi báo cáo sau thời hạn: Ủy ban nhân dân huyện Gia Lâm.');
    expect(text).toContain('Bố trí kinh phí hỗ trợ phát triển kinh tế tập thể, hợp tác xã năm 2026');
    expect(text).toContain('30/11/2026');
    expect(text).toContain('Củng cố tổ chức bộ máy 20 HTX.');
    expect(text).toContain('Sở Kế hoạch và Đầu tư kính báo cáo Ủy ban nhân dân Thành phố Hà Nội xem xét, chỉ đạo./.');
    const lines = text.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'Nơi nhận:',
        '- UBND Thành phố (để báo cáo);',
        '- Các Sở, ban, ngành, UBND các quận, huyện, thị xã;',
        '- Lưu: VT, TH.',
        'KT. GIÁM ĐỐC',
        'PHÓ GIÁM ĐỐC',
      ]),
    );
    expect(lines.indexOf('III. KIẾN NGHỊ, ĐỀ XUẤT')).toBeLessThan(lines.indexOf('Nơi nhận:'));
  });

  it('is set in Times New Roman, on A4 with the margins of Decree 30', () => {
    expect(xml).toContain('w:rFonts w:ascii="Times New Roman"');
    const fonts = new Set([...xml.matchAll(/w:ascii="([^"]+)"/g)].map((m) => m[1]));
    expect([...fonts]).toEqual(['Times New Roman']);
    expect(strFromU8(files['word/styles.xml'])).toMatch(/<w:docDefaults>[\s\S]*w:ascii="Times New Roman"[\s\S]*<\/w:docDefaults>/);
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const margin = /<w:pgMar ([^>]*)\/>/.exec(xml)?.[1] ?? '';
    const twips = (name: string) => Number(new RegExp(`w:${name}="(\\d+)"`).exec(margin)?.[1]);
    const mmToTwips = (value: number) => (value * 1440) / 25.4;
    expect(twips('top')).toBeGreaterThanOrEqual(Math.floor(mmToTwips(20)));
    expect(twips('top')).toBeLessThanOrEqual(Math.ceil(mmToTwips(25)));
    expect(twips('bottom')).toBeGreaterThanOrEqual(Math.floor(mmToTwips(20)));
    expect(twips('bottom')).toBeLessThanOrEqual(Math.ceil(mmToTwips(25)));
    expect(twips('left')).toBeGreaterThanOrEqual(Math.floor(mmToTwips(30)));
    expect(twips('left')).toBeLessThanOrEqual(Math.ceil(mmToTwips(35)));
    expect(twips('right')).toBeGreaterThanOrEqual(Math.floor(mmToTwips(15)));
    expect(twips('right')).toBeLessThanOrEqual(Math.ceil(mmToTwips(20)));
    expect([twips('top'), twips('bottom'), twips('left'), twips('right')]).toEqual([1134, 1134, 1701, 850]);
  });

  it('sets each element in the size and style Decree 30 prescribes', () => {
    const props = (t: string) => runPropertiesOf(xml, t);
    const size = (t: string) => Number(/<w:sz w:val="(\d+)"\/>/.exec(props(t))?.[1]) / 2;
    const bold = (t: string) => /<w:b\/>/.test(props(t));
    const italic = (t: string) => /<w:i\/>/.test(props(t));
    expect([size('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'), bold('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')]).toEqual([12, true]);
    expect([size('Độc lập - Tự do - Hạnh phúc'), bold('Độc lập - Tự do - Hạnh phúc')]).toEqual([13, true]);
    expect([size('UBND THÀNH PHỐ HÀ NỘI'), bold('UBND THÀNH PHỐ HÀ NỘI')]).toEqual([12, false]);
    expect([size('SỞ KẾ HOẠCH VÀ ĐẦU TƯ'), bold('SỞ KẾ HOẠCH VÀ ĐẦU TƯ')]).toEqual([12, true]);
    expect([size('Hà Nội, ngày 14 tháng 12 năm 2026'), italic('Hà Nội, ngày 14 tháng 12 năm 2026')]).toEqual([14, true]);
    expect([size('BÁO CÁO'), bold('BÁO CÁO')]).toEqual([14, true]);
    expect(size('I. KẾT QUẢ THỰC HIỆN')).toBe(14);
    expect([size('Nơi nhận:'), bold('Nơi nhận:'), italic('Nơi nhận:')]).toEqual([12, true, true]);
    expect([size('- UBND Thành phố (để báo cáo);'), bold('- UBND Thành phố (để báo cáo);')]).toEqual([11, false]);
    expect([size('KT. GIÁM ĐỐC'), bold('KT. GIÁM ĐỐC')]).toEqual([14, true]);
    expect(size(closingTextOf(FIXTURE))).toBe(14);
    // Body text: justified, first line indented 1 cm, line spacing within 1.0–1.5.
    const paragraph = paragraphPropertiesOf(xml, 'Thực hiện chế độ báo cáo');
    expect(paragraph).toContain('<w:jc w:val="both"/>');
    expect(paragraph).toMatch(/w:firstLine="567"/);
    const line = Number(/w:line="(\d+)"/.exec(paragraph)?.[1]);
    expect(line).toBeGreaterThanOrEqual(240);
    expect(line).toBeLessThanOrEqual(360);
    // Short rules under the issuing body, the motto and the summary (paragraph borders, not underlines).
    expect((xml.match(/<w:pBdr><w:bottom w:val="single"/g) ?? []).length).toBe(3);
    expect(xml).not.toContain('<w:u ');
  });

  it('numbers pages from the second page on, in the top margin', () => {
    expect(xml).toContain('<w:titlePg/>');
    const headers = Object.keys(files).filter((name) => /^word\/header\d+\.xml$/.test(name)).map((name) => strFromU8(files[name]));
    expect(headers.some((h) => /PAGE/.test(h) && /<w:jc w:val="center"\/>/.test(h))).toBe(true);
  });

  it('signs as the head when asked, and takes a registered number', async () => {
    const other = await renderReportDocx(FIXTURE, { signer: { deputy: false, name: 'Nguyễn Văn A' }, number: '125' });
    const lines = paragraphsOf(strFromU8(unzipSync(new Uint8Array(other))['word/document.xml']));
    expect(lines).toContain('GIÁM ĐỐC');
    expect(lines).not.toContain('KT. GIÁM ĐỐC');
    expect(lines).toContain('Nguyễn Văn A');
    expect(lines).toContain('Số: 125/BC-SKHĐT');
  });

  it('gives the same bytes for the same report', async () => {
    expect((await renderReportDocx(FIXTURE)).equals(buffer)).toBe(true);
  });

  it('keeps the XML well formed when a narrative carries control characters', async () => {
    const participants = FIXTURE.participants.map((p) => (p.agency === 'SKHDT' ? { ...p, content: 'Kết quả <tốt> & đạt\u0007 yêu cầu' } : p));
    const other = strFromU8(unzipSync(new Uint8Array(await renderReportDocx({ ...FIXTURE, participants })))['word/document.xml']);
    expect(other).toContain('Kết quả &lt;tốt&gt; &amp; đạt yêu cầu');
    // eslint-disable-next-line no-control-regex
    expect(other).not.toMatch(/[\u0000-\u0008]/);
  });
});

function closingTextOf(report: ConsolidatedReport): string {
  return `${report.compiledBy.name} kính báo cáo ${report.sentTo.name} xem xét, chỉ đạo./.`;
}

describe('reports: a due date the document does not state', () => {
  const assumed: ConsolidatedReport = {
    ...FIXTURE,
    overdueTasks: FIXTURE.overdueTasks.map((task, i) => (i === 0 ? { ...task, dueAssumed: true } : { ...task, dueAssumed: false })),
  };

  it('is marked beside its date in the .xlsx overdue sheet', async () => {
    const sheet = (await readWorkbook(await renderReportXlsx(assumed))).getWorksheet(XLSX_SHEET_NAMES.overdue)!;
    expect(sheet.getCell(XLSX_HEADER_ROW, 10).value).toBe('Ghi chú về hạn');
    expect(sheet.getCell(XLSX_HEADER_ROW + 1, 10).value).toBe('Hạn dự kiến, văn bản không nêu');
    expect(sheet.getCell(XLSX_HEADER_ROW + 2, 10).value).toBeFalsy();
  });

  it('is marked beside its date in the .docx overdue table, and in the rows the JSON summary carries', async () => {
    const lines = paragraphsOf(strFromU8(unzipSync(new Uint8Array(await renderReportDocx(assumed)))['word/document.xml']));
    expect(lines).toContain('30/11/2026 (hạn dự kiến, văn bản không nêu)');
    expect(lines).toContain('04/12/2026');
    expect(overdueRows(assumed).map((row) => row.dueAssumed)).toEqual([true, false, false]);
    expect(overdueRows(FIXTURE).every((row) => row.dueAssumed === false)).toBe(true);
  });
});

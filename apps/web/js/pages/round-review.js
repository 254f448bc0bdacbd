import { api, apiDownload, saveBlob } from '../api.js';
import { h } from '../dom.js';
import { FOUR_CATEGORIES, formatDateTime, formatFigure, formatNumber } from '../format.js';
import { commandForm, field } from '../forms.js';
import { label } from '../labels.js';
import { dataTable, errorNotice, notice, section } from '../components.js';
import { participantBadge, reportVersion } from '../round-parts.js';

/** The coordinator's and the leadership's view of a round: who has reported, the consolidated report, the reports; closing it (coordinator). */
export function roundReviewPanels(round, versions, summary, session, name, reload) {
  const panels = [participantsCard(round), summaryCard(round, summary, name), receivedReports(versions, name)];
  if (session.role === 'coordinator' && round.status === 'open') panels.push(closeCard(round, reload));
  return panels;
}

function participantsCard(round) {
  const counts = round.counts;
  const chips = h(
    'ul',
    { class: 'chip-row', 'aria-label': 'Số cơ quan theo tình trạng báo cáo' },
    ['submitted', 'submitted_late', 'pending', 'late'].map((status) =>
      h(
        'li',
        { class: ['chip', status === 'late' && counts.late ? 'chip--danger' : null, status === 'pending' && counts.pending ? 'chip--attention' : null] },
        h('strong', {}, formatNumber(counts[status] ?? 0)),
        ` ${label('participantStatus', status).toLowerCase()}`,
      ),
    ),
  );
  const muted = () => h('span', { class: 'muted' }, '—');
  const table = dataTable({
    rows: round.participants,
    class: 'participant-table',
    caption: 'Tình trạng báo cáo của từng cơ quan',
    label: 'Cơ quan báo cáo',
    rowAttrs: (participant) => ({ dataset: { agency: participant.agency, status: participant.status } }),
    columns: [
      { heading: 'Cơ quan', rowHeader: true, cell: (participant) => [participant.agencyName, h('span', { class: 'muted small block' }, participant.agency)] },
      { heading: 'Tình trạng', cell: (participant) => participantBadge(participant.status) },
      { heading: 'Gửi báo cáo lúc', class: 'nowrap', cell: (participant) => (participant.submittedAt ? formatDateTime(participant.submittedAt) : muted()) },
      {
        heading: 'Cập nhật gần nhất',
        class: 'nowrap',
        cell: (participant) =>
          participant.reportVersion > 1
            ? [formatDateTime(participant.lastReportedAt), h('span', { class: 'muted small block' }, `Bản ${participant.reportVersion} (đã điều chỉnh)`)]
            : muted(),
      },
    ],
  });
  const missing = round.missing.length
    ? notice(
        round.status === 'open' && Date.parse(round.dueAt) > Date.now() ? 'info' : 'warning',
        h('p', {}, h('strong', {}, `Chưa báo cáo (${formatNumber(round.missing.length)}): `), round.missing.map((agency) => agency.name).join('; ')),
      )
    : h('p', { class: 'empty-ok' }, 'Đã nhận đủ báo cáo của các cơ quan.');
  return section(`Cơ quan báo cáo (${formatNumber(round.participants.length)})`, chips, h('div', { class: 'missing' }, missing), table);
}

/** The consolidated report: downloads (.xlsx, .docx) and the JSON summary's key figures. */
function summaryCard(round, summary, name) {
  const status = h('p', { class: 'download-status small', role: 'status' });
  const download = (format, label) =>
    h(
      'button',
      {
        type: 'button',
        class: ['button', format === 'xlsx' ? 'button--primary' : 'button--secondary', `download--${format}`],
        onclick: async (event) => {
          const button = event.currentTarget;
          button.disabled = true;
          status.classList.remove('field-error');
          status.textContent = 'Đang tạo tệp…';
          try {
            const { blob, fileName } = await apiDownload(`/reporting-rounds/${round.id}/summary`, { query: { format }, fallbackName: `bao-cao-tong-hop.${format}` });
            saveBlob(blob, fileName);
            status.textContent = `Đã tải ${fileName}.`;
          } catch (error) {
            status.classList.add('field-error');
            status.textContent = `Không tải được báo cáo: ${error.message}`;
          } finally {
            button.disabled = false;
          }
        },
      },
      label,
    );
  const downloads = h('div', { class: 'downloads' }, download('xlsx', 'Tải báo cáo tổng hợp (.xlsx)'), download('docx', 'Tải báo cáo tổng hợp (.docx)'));

  if (!summary || summary instanceof Error) {
    return section('Báo cáo tổng hợp', downloads, status, summary instanceof Error ? errorNotice(summary) : null);
  }
  const indicators = dataTable({
    rows: summary.indicators,
    class: 'indicator-table',
    caption: 'Chỉ tiêu: mục tiêu, số liệu thực hiện của đợt, đánh giá',
    label: 'Chỉ tiêu',
    empty: 'Kế hoạch không có chỉ tiêu nào.',
    rowAttrs: (indicator) => ({ dataset: { indicator: indicator.code } }),
    columns: [
      {
        heading: 'Chỉ tiêu',
        rowHeader: true,
        cell: (indicator) => [indicator.name, h('span', { class: 'muted small block' }, `${indicator.code} · ${label('indicatorAggregation', indicator.aggregation)}`)],
      },
      { heading: 'Mục tiêu', cell: (indicator) => indicator.targetText },
      {
        heading: 'Thực hiện',
        class: ['num', 'nowrap'],
        cell: (indicator) => (indicator.actual === null ? h('span', { class: 'muted' }, '—') : `${formatFigure(indicator.actual)} ${indicator.unit}`),
      },
      { heading: 'Đánh giá', cell: (indicator) => metBadge(indicator.met) },
      { heading: 'Số cơ quan báo cáo', class: 'num', cell: (indicator) => formatNumber(indicator.reports) },
    ],
  });
  const stats = summary.taskStatistics;
  const taskLine = h(
    'p',
    { class: 'muted small' },
    `Nhiệm vụ của kế hoạch: ${formatNumber(stats.total)}`,
    FOUR_CATEGORIES.map((category) => `; ${label('taskCategory', category).toLowerCase()} ${formatNumber(stats.byCategory[category] ?? 0)}`),
    `. Số liệu lúc ${formatDateTime(summary.generatedAt)}; gửi ${summary.sentTo?.name ?? name(summary.sentTo?.code)}.`,
  );
  return section('Báo cáo tổng hợp', downloads, status, h('h3', { class: 'card__subtitle' }, 'Kết quả thực hiện chỉ tiêu'), indicators, taskLine);
}

/** Whether an indicator met its target ("Đạt", "Chưa đạt"), or has no actual yet. */
function metBadge(met) {
  const outcome = met === null || met === undefined ? 'no_data' : met ? 'met' : 'not_met';
  return h('span', { class: ['badge', `badge--${outcome.replace('_', '-')}`] }, label('indicatorMet', outcome));
}

/** Every agency's latest report (earlier versions folded under it). */
function receivedReports(versions, name) {
  const byAgency = new Map();
  for (const version of versions) {
    if (!byAgency.has(version.agency)) byAgency.set(version.agency, []);
    byAgency.get(version.agency).push(version);
  }
  if (!byAgency.size) return section('Nội dung báo cáo đã nhận', h('p', { class: 'muted' }, 'Chưa cơ quan nào gửi báo cáo.'));
  return section(
    `Nội dung báo cáo đã nhận (${formatNumber(byAgency.size)})`,
    h(
      'ul',
      { class: 'report-list' },
      [...byAgency.entries()].map(([agency, list]) => {
        const latest = list.at(-1);
        const earlier = list.slice(0, -1).reverse();
        return h(
          'li',
          { class: 'report-list__item', dataset: { agency } },
          h('h3', { class: 'report__agency' }, name(agency)),
          reportVersion(latest),
          earlier.length ? h('details', { class: 'report__earlier' }, h('summary', {}, `Các bản trước (${earlier.length})`), earlier.map(reportVersion)) : null,
        );
      }),
    ),
  );
}

function closeCard(round, reload) {
  return h(
    'section',
    { class: 'card actions', 'aria-labelledby': 'close-round-title' },
    h('h2', { class: 'card__title', id: 'close-round-title' }, 'Kết thúc đợt báo cáo'),
    commandForm({
      class: 'action action--close-round',
      label: 'Kết thúc đợt báo cáo',
      description: round.missing.length
        ? `Còn ${formatNumber(round.missing.length)} cơ quan chưa báo cáo. Sau khi kết thúc, đợt báo cáo không nhận thêm báo cáo hay điều chỉnh.`
        : 'Sau khi kết thúc, đợt báo cáo không nhận thêm báo cáo hay điều chỉnh.',
      submitLabel: 'Kết thúc đợt báo cáo',
      submitClass: 'button--danger',
      children: [field({ name: 'note', label: 'Ghi chú', type: 'textarea', hint: 'Không bắt buộc, ví dụ: Đã tổng hợp, báo cáo UBND Thành phố.', attrs: { maxlength: 10000 } })],
      onSubmit: ({ key, values }) => api(`/reporting-rounds/${round.id}/close`, { method: 'POST', idempotencyKey: key, body: values.note ? { note: values.note } : {} }),
      onSuccess: () => reload('Đã kết thúc đợt báo cáo.'),
    }),
  );
}

import { api, apiDownload, ApiError, saveBlob } from '../api.js';
import { h, replace } from '../dom.js';
import { loadDirectory } from '../directory.js';
import {
  AGGREGATION_LABELS,
  CATEGORY_LABELS,
  ESCALATION_TARGET_LABELS,
  FOUR_CATEGORIES,
  PARTICIPANT_STATUS_LABELS,
  ROUND_EVENT_LABELS,
  ROUND_STATUS_LABELS,
  dueFromDate,
  formatDateTime,
  formatFigure,
  formatNumber,
  toDateInput,
} from '../format.js';
import { checkboxGroup, commandForm, dueField, field } from '../forms.js';
import { actorLabel, errorNotice, eventTimeline, notice, pageHeader, section, tableWrap } from '../components.js';

const REPORTED = ['submitted', 'submitted_late'];

export function participantBadge(status) {
  return h('span', { class: ['badge', `badge--participant-${status}`] }, PARTICIPANT_STATUS_LABELS[status] ?? status);
}

function roundBadge(status) {
  return h('span', { class: ['badge', `badge--round-${status}`] }, ROUND_STATUS_LABELS[status] ?? status);
}

function escalation(level, to) {
  if (!level) return h('span', { class: 'muted' }, 'Chưa');
  return h('span', {}, h('span', { class: ['level', `level--${Math.min(level, 3)}`] }, `Cấp ${level}`), to ? ` ${ESCALATION_TARGET_LABELS[to] ?? to}` : '');
}

/** The deadline as the documents word it, with the exact moment under it when the wording has no hour. */
function dueLine(round) {
  return h('span', {}, capitalize(round.dueText), /\d:\d/.test(round.dueText) ? null : h('span', { class: 'muted small block' }, formatDateTime(round.dueAt)));
}

/** "trước ngày 10/12/2026" → "Trước ngày 10/12/2026" */
const capitalize = (text) => (text ? text.charAt(0).toUpperCase() + text.slice(1) : '');

/** Reporting rounds: all of them (coordinator, leader) or per plan (`?planId=`); an agency's own. */
export async function renderRounds(container, ctx) {
  const { session, query, navigate } = ctx;
  const isAgency = session.role === 'agency';
  const isCoordinator = session.role === 'coordinator';
  const planId = isAgency ? '' : (query.get('planId') ?? '');
  const [directory, list, plans] = await Promise.all([
    loadDirectory(),
    planId ? api(`/plans/${encodeURIComponent(planId)}/reporting-rounds`) : api('/reporting-rounds'),
    isAgency ? null : api('/plans').then((answer) => answer.items, () => null),
  ]);
  const rounds = list.items;
  const plan = plans?.find((candidate) => candidate.id === planId);

  const planPicker = plans?.length
    ? h(
        'form',
        { class: 'inline-filter', onsubmit: (event) => event.preventDefault() },
        h('label', { for: 'round-plan-filter' }, 'Kế hoạch'),
        h(
          'select',
          {
            id: 'round-plan-filter',
            onchange: (event) => navigate(event.target.value ? `#/bao-cao?planId=${encodeURIComponent(event.target.value)}` : '#/bao-cao'),
          },
          h('option', { value: '' }, 'Tất cả kế hoạch'),
          plans.map((candidate) => h('option', { value: candidate.id, selected: candidate.id === planId }, `${candidate.code} — ${candidate.title}`)),
        ),
      )
    : null;

  const table = rounds.length
    ? tableWrap(
        h(
          'table',
          { class: 'table round-table' },
          h('caption', { class: 'visually-hidden' }, 'Đợt báo cáo, hạn muộn nhất trước'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'Đợt báo cáo'),
              h('th', { scope: 'col' }, 'Hạn báo cáo'),
              h('th', { scope: 'col' }, 'Tình trạng'),
              h('th', { scope: 'col', class: 'num' }, 'Đã báo cáo'),
              h('th', { scope: 'col', class: 'num' }, 'Chưa báo cáo'),
            ),
          ),
          h(
            'tbody',
            {},
            rounds.map((round) => {
              const reported = (round.counts.submitted ?? 0) + (round.counts.submitted_late ?? 0);
              const late = round.counts.late ?? 0;
              return h(
                'tr',
                { dataset: { roundId: round.id } },
                h(
                  'td',
                  { class: 'task-table__title' },
                  h('a', { href: `#/bao-cao/${round.id}` }, round.title),
                  h('span', { class: 'muted small block' }, `${round.planCode} · ${round.kind === 'plan' ? 'Báo cáo theo kế hoạch' : 'Đợt báo cáo bổ sung'}`),
                ),
                h('td', {}, dueLine(round)),
                h(
                  'td',
                  { class: 'badges' },
                  roundBadge(round.status),
                  round.escalationLevel ? h('span', { class: 'block' }, escalation(round.escalationLevel, round.escalatedTo)) : null,
                ),
                h('td', { class: 'num' }, `${formatNumber(reported)}/${formatNumber(round.counts.total)}`),
                h(
                  'td',
                  { class: 'num' },
                  formatNumber(round.counts.total - reported),
                  late ? h('span', { class: 'overdue-note block' }, `${formatNumber(late)} quá hạn`) : null,
                ),
              );
            }),
          ),
        ),
        'Đợt báo cáo',
      )
    : h('p', { class: 'muted' }, isAgency ? 'Cơ quan chưa được yêu cầu báo cáo đợt nào.' : 'Chưa có đợt báo cáo nào.');

  replace(
    container,
    pageHeader(
      'Báo cáo định kỳ',
      isAgency
        ? `Các đợt báo cáo ${directory.name(session.agency)} phải gửi: gửi báo cáo, số liệu chỉ tiêu và điều chỉnh cho đến khi đợt báo cáo kết thúc.`
        : 'Các đợt báo cáo kết quả thực hiện kế hoạch: cơ quan đã báo cáo, cơ quan chưa báo cáo, báo cáo tổng hợp.',
      planPicker,
    ),
    section(plan ? `Đợt báo cáo của ${plan.code} (${rounds.length})` : `Đợt báo cáo (${rounds.length})`, table),
    isCoordinator && plans?.length ? section('Mở đợt báo cáo mới', openRoundForm(ctx, directory, plans, planId)) : null,
  );
}

/** `POST /api/plans/:id/reporting-rounds {dueAt, participants?}` */
function openRoundForm(ctx, directory, plans, planId) {
  const groupOptions = directory.groups.map((group) => ({ value: group.code, label: `${group.name} (${group.code}, ${group.members.length} cơ quan)` }));
  return commandForm({
    class: 'open-round',
    label: 'Mở đợt báo cáo mới',
    description: 'Các cơ quan tham gia được thông báo ngay; hệ thống nhắc hạn, ghi nhận cơ quan quá hạn và báo cáo lên cấp trên theo quy định.',
    submitLabel: 'Mở đợt báo cáo',
    children: [
      h(
        'div',
        { class: 'form-row' },
        field({
          name: 'planId',
          label: 'Kế hoạch',
          type: 'select',
          required: true,
          value: planId,
          options: [{ value: '', label: '— Chọn kế hoạch —' }, ...plans.map((plan) => ({ value: plan.id, label: `${plan.code} — ${plan.title}` }))],
        }),
        dueField({ name: 'dueAt', label: 'Hạn báo cáo', min: toDateInput(Date.now()), hint: '“Trước ngày này”: hạn là 0 giờ của ngày đã chọn, như “trước ngày 10/12”.' }),
      ),
      h(
        'details',
        { class: 'coordinating' },
        h('summary', {}, 'Cơ quan phải báo cáo (không bắt buộc)'),
        checkboxGroup({
          name: 'participants',
          label: 'Cơ quan phải báo cáo',
          hint: 'Để trống: mọi cơ quan chủ trì nhiệm vụ của kế hoạch (từng quận, huyện), cơ quan báo cáo chỉ tiêu và cơ quan kế hoạch nêu ở phần báo cáo.',
          options: [...groupOptions, ...directory.options()],
          class: 'checkbox-group--scroll',
        }),
      ),
    ],
    onSubmit: ({ key, values }) => {
      if (!values.planId) throw new ApiError(400, { message: 'Chưa chọn kế hoạch.', details: [{ path: 'planId', message: 'Vui lòng chọn kế hoạch.' }] });
      return api(`/plans/${encodeURIComponent(values.planId)}/reporting-rounds`, {
        method: 'POST',
        idempotencyKey: key,
        body: {
          dueAt: dueFromDate(values.dueAtDate, values.dueAtRule),
          ...(values.participants?.length ? { participants: values.participants } : {}),
        },
      });
    },
    onSuccess: (round) => {
      ctx.flash(`Đã mở đợt báo cáo, hạn ${round.dueText}: ${formatNumber(round.participants.length)} cơ quan phải báo cáo.`, 'success', { next: true });
      ctx.navigate(`#/bao-cao/${round.id}`);
    },
  });
}

/** One round: deadline, who has reported; the summary and closing (coordinator), or the agency's own report. */
export async function renderRound(container, ctx) {
  const [id] = ctx.params;
  const { session } = ctx;
  const isAgency = session.role === 'agency';
  const [directory, round, versions] = await Promise.all([loadDirectory(), api(`/reporting-rounds/${id}`), api(`/reporting-rounds/${id}/reports`)]);
  const summary = isAgency ? null : await api(`/reporting-rounds/${id}/summary`).catch((error) => error);
  showRound(container, ctx, { directory, round, versions, summary });
}

function showRound(container, ctx, { directory, round, versions, summary }) {
  const { session } = ctx;
  const isAgency = session.role === 'agency';
  const name = (code) => directory.name(code);
  // The page is redrawn from the server first, so the confirmation never shows next to stale figures.
  const reload = async (message) => {
    await renderRound(container, ctx);
    ctx.flash(message);
    container.querySelector('h1')?.focus();
  };
  const reported = round.participants.filter((participant) => REPORTED.includes(participant.status)).length;

  const facts = h(
    'dl',
    { class: 'facts' },
    fact('Kế hoạch', h('span', {}, round.planTitle, h('span', { class: 'muted small block' }, round.planCode))),
    fact('Hạn báo cáo', dueLine(round)),
    fact('Tình trạng', h('span', {}, roundBadge(round.status), round.closedAt ? h('span', { class: 'muted small block' }, `Kết thúc lúc ${formatDateTime(round.closedAt)}`) : null)),
    fact('Báo cáo lên cấp trên', escalation(round.escalationLevel, round.escalatedTo)),
    fact('Đã báo cáo', `${formatNumber(reported)}/${formatNumber(round.participants.length)} cơ quan`),
    fact('Mở lúc', h('span', {}, formatDateTime(round.openedAt), round.openedBy ? h('span', { class: 'muted small block' }, actorLabel(round.openedBy, name)) : null)),
  );

  const main = [h('section', { class: 'card', 'aria-label': 'Thông tin đợt báo cáo' }, facts)];
  if (isAgency) {
    main.push(...agencyPanels(round, versions, session, name, reload));
  } else {
    main.push(participantsCard(round), summaryCard(round, summary, name), receivedReports(versions, name));
    if (session.role === 'coordinator' && round.status === 'open') main.push(closeCard(round, reload));
  }

  replace(
    container,
    h('a', { href: '#/bao-cao', class: 'back-link' }, '← Báo cáo định kỳ'),
    h(
      'div',
      { class: 'task-head' },
      h('h1', { class: 'page-title', tabindex: -1 }, round.title),
      h('p', { class: 'task-head__badges' }, roundBadge(round.status), round.kind === 'plan' ? ' Báo cáo theo kế hoạch' : ' Đợt báo cáo bổ sung'),
    ),
    h('div', { class: 'layout-split layout-split--task' }, h('div', { class: 'layout-split__main' }, main), h('div', { class: 'layout-split__side' }, eventTimeline(round.events, { id: 'round-timeline-title', labels: ROUND_EVENT_LABELS, details: roundEventDetails, name, modifier: 'round-' }))),
  );
}

function fact(term, value) {
  return h('div', { class: 'facts__item' }, h('dt', {}, term), h('dd', {}, value));
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
        ` ${PARTICIPANT_STATUS_LABELS[status].toLowerCase()}`,
      ),
    ),
  );
  const table = tableWrap(
    h(
      'table',
      { class: 'table participant-table' },
      h('caption', { class: 'visually-hidden' }, 'Tình trạng báo cáo của từng cơ quan'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Cơ quan'),
          h('th', { scope: 'col' }, 'Tình trạng'),
          h('th', { scope: 'col' }, 'Gửi báo cáo lúc'),
          h('th', { scope: 'col' }, 'Cập nhật gần nhất'),
        ),
      ),
      h(
        'tbody',
        {},
        round.participants.map((participant) =>
          h(
            'tr',
            { dataset: { agency: participant.agency, status: participant.status } },
            h('th', { scope: 'row' }, participant.agencyName, h('span', { class: 'muted small block' }, participant.agency)),
            h('td', {}, participantBadge(participant.status)),
            h('td', { class: 'nowrap' }, participant.submittedAt ? formatDateTime(participant.submittedAt) : h('span', { class: 'muted' }, '—')),
            h(
              'td',
              { class: 'nowrap' },
              participant.reportVersion > 1 ? h('span', {}, formatDateTime(participant.lastReportedAt), h('span', { class: 'muted small block' }, `Bản ${participant.reportVersion} (đã điều chỉnh)`)) : h('span', { class: 'muted' }, '—'),
            ),
          ),
        ),
      ),
    ),
    'Cơ quan báo cáo',
  );
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
  const indicators = summary.indicators.length
    ? tableWrap(
        h(
          'table',
          { class: 'table indicator-table' },
          h('caption', { class: 'visually-hidden' }, 'Chỉ tiêu: mục tiêu, số liệu thực hiện của đợt, đánh giá'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'Chỉ tiêu'),
              h('th', { scope: 'col' }, 'Mục tiêu'),
              h('th', { scope: 'col', class: 'num' }, 'Thực hiện'),
              h('th', { scope: 'col' }, 'Đánh giá'),
              h('th', { scope: 'col', class: 'num' }, 'Số cơ quan báo cáo'),
            ),
          ),
          h(
            'tbody',
            {},
            summary.indicators.map((indicator) =>
              h(
                'tr',
                { dataset: { indicator: indicator.code } },
                h('th', { scope: 'row' }, indicator.name, h('span', { class: 'muted small block' }, `${indicator.code} · ${AGGREGATION_LABELS[indicator.aggregation] ?? indicator.aggregation}`)),
                h('td', {}, indicator.targetText),
                h('td', { class: 'num nowrap' }, indicator.actual === null ? h('span', { class: 'muted' }, '—') : `${formatFigure(indicator.actual)} ${indicator.unit}`),
                h('td', {}, metBadge(indicator.met)),
                h('td', { class: 'num' }, formatNumber(indicator.reports)),
              ),
            ),
          ),
        ),
        'Chỉ tiêu',
      )
    : h('p', { class: 'muted' }, 'Kế hoạch không có chỉ tiêu nào.');
  const stats = summary.taskStatistics;
  const taskLine = h(
    'p',
    { class: 'muted small' },
    `Nhiệm vụ của kế hoạch: ${formatNumber(stats.total)}`,
    FOUR_CATEGORIES.map((category) => `; ${CATEGORY_LABELS[category].toLowerCase()} ${formatNumber(stats.byCategory[category] ?? 0)}`),
    `. Số liệu lúc ${formatDateTime(summary.generatedAt)}; gửi ${summary.sentTo?.name ?? name(summary.sentTo?.code)}.`,
  );
  return section('Báo cáo tổng hợp', downloads, status, h('h3', { class: 'card__subtitle' }, 'Kết quả thực hiện chỉ tiêu'), indicators, taskLine);
}

function metBadge(met) {
  if (met === true) return h('span', { class: 'badge badge--met' }, 'Đạt');
  if (met === false) return h('span', { class: 'badge badge--not-met' }, 'Chưa đạt');
  return h('span', { class: 'badge badge--no-data' }, 'Chưa có số liệu');
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

/** One version of a report: when, its narrative, its actuals and attachments. */
function reportVersion(version) {
  return h(
    'article',
    { class: 'report', dataset: { version: version.version } },
    h(
      'p',
      { class: 'report__meta' },
      h('strong', {}, version.version > 1 ? `Bản ${version.version} (điều chỉnh)` : 'Bản 1'),
      ` · gửi lúc ${formatDateTime(version.submittedAt)}`,
      version.submittedBy?.name || version.submittedBy?.sub ? ` bởi ${version.submittedBy.name || version.submittedBy.sub}` : '',
      version.late ? [' ', h('span', { class: 'badge badge--participant-submitted_late' }, 'Gửi muộn')] : null,
    ),
    h('p', { class: 'pre-line report__content' }, version.content),
    version.indicatorActuals.length
      ? h(
          'ul',
          { class: 'report__actuals' },
          version.indicatorActuals.map((actual) => h('li', {}, h('span', { class: 'mono' }, actual.indicator), `: ${formatFigure(actual.value)}`)),
        )
      : null,
    version.attachments?.length
      ? h(
          'ul',
          { class: 'report__attachments' },
          version.attachments.map((attachment) =>
            h('li', {}, 'Tài liệu: ', safeUrl(attachment.url) ? h('a', { href: attachment.url, target: '_blank', rel: 'noopener noreferrer' }, attachment.name) : attachment.name),
          ),
        )
      : null,
  );
}

/** Only web addresses become links (never `javascript:` and the like). */
function safeUrl(url) {
  return typeof url === 'string' && /^https?:\/\//i.test(url.trim());
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

/** The agency's side: its status, its report (send or amend) and the versions it sent. */
function agencyPanels(round, versions, session, name, reload) {
  const own = round.participants.find((participant) => participant.agency === session.agency);
  const panels = [];
  const pastDue = Date.parse(round.dueAt) <= Date.now();
  if (own) {
    panels.push(
      notice(
        own.status === 'late' ? 'warning' : 'info',
        h(
          'p',
          { class: 'own-status' },
          `${name(session.agency)}: `,
          participantBadge(own.status),
          own.submittedAt ? ` — gửi lúc ${formatDateTime(own.submittedAt)}` : '',
          own.reportVersion > 1 ? `, đã điều chỉnh ${own.reportVersion - 1} lần (gần nhất ${formatDateTime(own.lastReportedAt)})` : '',
          '.',
        ),
      ),
    );
  }
  if (round.status === 'open') panels.push(reportForm(round, round.ownReport ?? null, pastDue, reload));
  else panels.push(notice('info', h('p', {}, 'Đợt báo cáo đã kết thúc, không nhận thêm báo cáo hay điều chỉnh.')));
  panels.push(
    section(
      `Các lần đã gửi (${formatNumber(versions.length)})`,
      versions.length ? h('div', { class: 'report-versions' }, [...versions].reverse().map(reportVersion)) : h('p', { class: 'muted' }, 'Cơ quan chưa gửi báo cáo trong đợt này.'),
    ),
  );
  return panels;
}

/**
 * `POST /api/reporting-rounds/:id/reports {content, indicatorActuals, attachments}`. Which indicators
 * an agency reports is not in what the API lets it read, so each actual is a row of code and figure
 * (the last report's rows filled in); a wrong code comes back as a 400 shown under that row.
 */
function reportForm(round, ownReport, pastDue, reload) {
  const indicatorRows = h('div', { class: 'row-list indicator-rows' });
  const attachmentRows = h('div', { class: 'row-list attachment-rows' });
  let form;
  const changed = () => form?.dispatchEvent(new window.Event('input', { bubbles: true }));

  const addIndicator = (actual) => {
    const row = h(
      'div',
      { class: 'list-row' },
      field({ name: 'indicatorCode', label: 'Mã chỉ tiêu', value: actual?.indicator, class: 'list-row__code', attrs: { maxlength: 128, autocomplete: 'off', spellcheck: 'false', list: 'reportable-indicators' } }),
      field({ name: 'indicatorValue', label: 'Số liệu thực hiện', type: 'number', value: actual?.value, class: 'list-row__value', attrs: { step: 'any', inputmode: 'decimal' } }),
      removeButton('Bỏ chỉ tiêu này', () => {
        row.remove();
        changed();
      }),
    );
    indicatorRows.append(row);
    return row;
  };
  const addAttachment = (attachment) => {
    const row = h(
      'div',
      { class: 'list-row' },
      field({ name: 'attachmentName', label: 'Tên tài liệu', value: attachment?.name, class: 'list-row__name', attrs: { maxlength: 500, placeholder: 'Báo cáo số …/BC-UBND ngày …' } }),
      field({ name: 'attachmentUrl', label: 'Đường dẫn', value: attachment?.url, class: 'list-row__url', attrs: { maxlength: 2000, inputmode: 'url', placeholder: 'https://…' } }),
      removeButton('Bỏ tài liệu này', () => {
        row.remove();
        changed();
      }),
    );
    attachmentRows.append(row);
    return row;
  };
  // The indicators this agency is assigned to report, offered as suggestions for the code field.
  const suggestions = h(
    'datalist',
    { id: 'reportable-indicators' },
    ...(round.reportableIndicators ?? []).map((indicator) => h('option', { value: indicator.code }, `${indicator.name} (${indicator.unit})`)),
  );
  indicatorRows.append(suggestions);
  for (const actual of ownReport?.indicatorActuals ?? []) addIndicator(actual);
  if (!ownReport?.indicatorActuals?.length) addIndicator();
  for (const attachment of ownReport?.attachments ?? []) addAttachment(attachment);

  const addButton = (label, add) =>
    h(
      'button',
      {
        type: 'button',
        class: 'button button--ghost button--small',
        onclick: () => {
          add().querySelector('input')?.focus();
          changed();
        },
      },
      label,
    );

  const title = ownReport ? `Điều chỉnh báo cáo (đang là bản ${ownReport.version})` : 'Gửi báo cáo';
  form = commandForm({
    class: 'action action--round-report',
    label: title,
    description: pastDue
      ? 'Đã quá hạn báo cáo: báo cáo gửi bây giờ vẫn được tiếp nhận và ghi nhận là gửi muộn.'
      : `Hạn gửi: ${round.dueText}. Có thể điều chỉnh báo cáo cho đến khi cơ quan điều phối kết thúc đợt báo cáo.`,
    submitLabel: ownReport ? 'Gửi báo cáo điều chỉnh' : 'Gửi báo cáo',
    children: [
      field({ name: 'content', label: 'Nội dung báo cáo', type: 'textarea', required: true, rows: 7, value: ownReport?.content, hint: 'Kết quả thực hiện, tồn tại, hạn chế, kiến nghị, đề xuất.', attrs: { maxlength: 50000 } }),
      h(
        'fieldset',
        { class: 'field list-field', dataset: { field: 'indicatorActuals', label: 'Số liệu chỉ tiêu' } },
        h('legend', {}, 'Số liệu chỉ tiêu'),
        h('p', { class: 'hint' }, 'Mỗi dòng một chỉ tiêu được giao: mã chỉ tiêu theo kế hoạch và số liệu thực hiện. Để trống nếu cơ quan không được giao chỉ tiêu nào.'),
        indicatorRows,
        h('div', {}, addButton('+ Thêm chỉ tiêu', () => addIndicator())),
      ),
      h(
        'fieldset',
        { class: 'field list-field', dataset: { field: 'attachments', label: 'Tài liệu kèm theo' } },
        h('legend', {}, 'Tài liệu kèm theo'),
        h('p', { class: 'hint' }, 'Không bắt buộc: tên văn bản và đường dẫn tới tệp.'),
        attachmentRows,
        h('div', {}, addButton('+ Thêm tài liệu', () => addAttachment())),
      ),
    ],
    onSubmit: ({ key, values, form: element }) => {
      const details = [];
      // Rows are named by the index they are sent at, so that the API's `indicatorActuals[i].…` lands on them.
      const indicatorActuals = [];
      for (const row of element.querySelectorAll('.indicator-rows .list-row')) {
        const [codeField, valueField] = row.querySelectorAll('[data-field]');
        const code = codeField.querySelector('input').value.trim();
        const raw = valueField.querySelector('input').value.trim();
        if (!code && !raw) {
          codeField.dataset.field = '';
          valueField.dataset.field = '';
          continue;
        }
        const index = indicatorActuals.length;
        codeField.dataset.field = `indicatorActuals[${index}].indicator`;
        valueField.dataset.field = `indicatorActuals[${index}].value`;
        if (!code) details.push({ path: codeField.dataset.field, message: 'Vui lòng nhập mã chỉ tiêu.' });
        if (!raw) details.push({ path: valueField.dataset.field, message: 'Vui lòng nhập số liệu thực hiện.' });
        indicatorActuals.push({ indicator: code, value: Number(raw) });
      }
      const attachments = [];
      for (const row of element.querySelectorAll('.attachment-rows .list-row')) {
        const [nameField, urlField] = row.querySelectorAll('[data-field]');
        const attachmentName = nameField.querySelector('input').value.trim();
        const url = urlField.querySelector('input').value.trim();
        if (!attachmentName && !url) {
          nameField.dataset.field = '';
          urlField.dataset.field = '';
          continue;
        }
        const index = attachments.length;
        nameField.dataset.field = `attachments[${index}].name`;
        urlField.dataset.field = `attachments[${index}].url`;
        if (!attachmentName) details.push({ path: nameField.dataset.field, message: 'Vui lòng nhập tên tài liệu.' });
        attachments.push({ name: attachmentName, ...(url ? { url } : {}) });
      }
      if (details.length) throw new ApiError(400, { message: 'Chưa gửi được.', details });
      return api(`/reporting-rounds/${round.id}/reports`, {
        method: 'POST',
        idempotencyKey: key,
        body: { content: values.content, indicatorActuals, attachments },
      });
    },
    onSuccess: (answer) => {
      const own = answer.ownReport;
      return reload(own && own.version > 1 ? `Đã gửi báo cáo điều chỉnh (bản ${own.version}).` : 'Đã gửi báo cáo.');
    },
  });
  return h('section', { class: 'card actions', 'aria-labelledby': 'round-report-title' }, h('h2', { class: 'card__title', id: 'round-report-title' }, title), form);
}

function removeButton(label, onclick) {
  return h('button', { type: 'button', class: 'button button--ghost button--small list-row__remove', 'aria-label': label, title: label, onclick }, 'Bỏ');
}



/** "A; B; C và 4 cơ quan khác" */
function agencyList(codes, name, max = 5) {
  const list = (codes ?? []).slice(0, max).map(name).join('; ');
  return codes && codes.length > max ? `${list} và ${formatNumber(codes.length - max)} cơ quan khác` : list;
}

function roundEventDetails(event, name) {
  const p = event.payload ?? {};
  const lines = [];
  switch (event.type) {
    case 'opened':
      lines.push(`${formatNumber(p.participants?.length ?? 0)} cơ quan phải báo cáo, hạn ${formatDateTime(p.dueAt)}`);
      break;
    case 'reminder_sent':
      if (p.missing?.length) lines.push(`Nhắc ${formatNumber(p.missing.length)} cơ quan: ${agencyList(p.missing, name)}`);
      break;
    case 'deadline_passed':
      lines.push(p.late?.length ? `Quá hạn, chưa báo cáo (${formatNumber(p.late.length)}): ${agencyList(p.late, name)}` : 'Các cơ quan đã báo cáo đủ.');
      break;
    case 'escalated':
      lines.push(`Cấp ${p.level}: ${ESCALATION_TARGET_LABELS[p.to] ?? p.to ?? ''}`);
      if (p.missing?.length) lines.push(`Chưa báo cáo (${formatNumber(p.missing.length)}): ${agencyList(p.missing, name)}`);
      break;
    case 'report_submitted':
    case 'report_amended':
      lines.push(
        [event.actor?.agency === p.agency ? null : name(p.agency), p.version > 1 ? `Bản ${p.version}` : null, p.late ? 'Gửi muộn' : null].filter(Boolean).join(' · '),
      );
      break;
    case 'closed':
      if (p.note) lines.push(p.note);
      if (p.missing?.length) lines.push(`Không báo cáo (${formatNumber(p.missing.length)}): ${agencyList(p.missing, name)}`);
      break;
    default:
      break;
  }
  return lines.filter(Boolean).map((line) => h('p', { class: 'timeline__detail pre-line' }, line));
}

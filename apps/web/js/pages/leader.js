import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { loadDirectory } from '../directory.js';
import { FOUR_CATEGORIES, formatDateTime, formatDue, formatNumber, percent } from '../format.js';
import { label } from '../labels.js';
import { dataTable, escalationLevel, notificationsPanel, pageHeader, planPicker, section, statusBadge } from '../components.js';

/** Leadership dashboard: the four categories overall and per agency, and what is overdue, where, for how long, escalated to whom. */
export async function renderLeader(container, { query, navigate, session, refreshChrome }) {
  const planId = query.get('planId') ?? '';
  const [directory, overview, plans] = await Promise.all([
    loadDirectory(),
    api('/dashboard/overview', { query: { planId } }),
    api('/plans').then((answer) => answer.items),
  ]);

  const total = FOUR_CATEGORIES.reduce((sum, category) => sum + (overview.byCategory[category] ?? 0), 0);
  const listHref = (category) => `#/dieu-phoi?category=${category}${planId ? `&planId=${encodeURIComponent(planId)}` : ''}`;

  const cards = h(
    'ul',
    { class: 'stat-grid', 'aria-label': 'Số nhiệm vụ theo phân loại' },
    FOUR_CATEGORIES.map((category) =>
      h(
        'li',
        { class: ['stat', `stat--${category}`], dataset: { category } },
        h(
          'a',
          { href: listHref(category), class: 'stat__link' },
          h('span', { class: 'stat__value' }, formatNumber(overview.byCategory[category] ?? 0)),
          h('span', { class: 'stat__label' }, label('taskCategory', category)),
          h('span', { class: 'stat__share' }, `${percent(overview.byCategory[category] ?? 0, total)} tổng số`),
        ),
      ),
    ),
  );

  const totals = h(
    'p',
    { class: 'muted' },
    `Tổng số ${formatNumber(total)} nhiệm vụ`,
    overview.byCategory.cancelled ? `, không kể ${formatNumber(overview.byCategory.cancelled)} nhiệm vụ đã hủy` : '',
    `. Số liệu lúc ${formatDateTime(overview.asOf)}.`,
  );

  const overdueNote =
    overview.overdue.total > overview.overdue.items.length
      ? h('p', { class: 'muted small' }, `Hiển thị ${overview.overdue.items.length}/${overview.overdue.total} nhiệm vụ quá hạn lâu nhất.`)
      : null;

  replace(
    container,
    pageHeader(
      'Tổng quan thực hiện nhiệm vụ',
      'Kết quả theo bốn nhóm: hoàn thành đúng hạn, hoàn thành quá hạn, đang thực hiện trong hạn, đang thực hiện quá hạn.',
      planPicker(plans, planId, {
        id: 'plan-filter',
        allLabel: 'Tất cả nhiệm vụ',
        navigate,
        href: (id) => (id ? `#/lanh-dao?planId=${encodeURIComponent(id)}` : '#/lanh-dao'),
      }),
    ),
    cards,
    totals,
    h(
      'div',
      { class: 'layout-split' },
      h(
        'div',
        { class: 'layout-split__main' },
        section(`Nhiệm vụ quá hạn (${formatNumber(overview.overdue.total)})`, overdueTable(overview.overdue.items, directory), overdueNote),
        section('Kết quả theo cơ quan', agencyTable(overview.byAgency, directory)),
      ),
      session.role === 'leader' ? h('div', { class: 'layout-split__side' }, notificationsPanel({ limit: 8, onChange: refreshChrome })) : null,
    ),
  );
}

/** The overdue tasks, most overdue first (the API's order). */
function overdueTable(items, directory) {
  return dataTable({
    rows: items,
    class: 'overdue-table',
    caption: 'Nhiệm vụ quá hạn, quá hạn lâu nhất trước',
    label: 'Nhiệm vụ quá hạn',
    empty: h('p', { class: 'empty-ok' }, 'Không có nhiệm vụ nào đang quá hạn.'),
    rowAttrs: (item) => ({ dataset: { taskId: item.taskId } }),
    columns: [
      { heading: 'Nhiệm vụ', cell: (item) => [h('a', { href: `#/nhiem-vu/${item.taskId}` }, item.title), h('span', { class: 'block' }, statusBadge(item.status))] },
      { heading: 'Cơ quan chủ trì', cell: (item) => item.agencyName ?? directory.name(item.agency) },
      { heading: 'Hạn', class: 'nowrap', cell: (item) => formatDue(item.dueAt) },
      {
        heading: 'Quá hạn',
        class: ['num', 'nowrap'],
        cell: (item) => [
          h('strong', {}, item.daysOverdue > 0 ? `${formatNumber(item.daysOverdue)} ngày` : 'Dưới 1 ngày'),
          item.daysOverdue > 0 && item.workingDaysOverdue !== undefined ? h('span', { class: 'muted small block' }, `${formatNumber(item.workingDaysOverdue)} ngày làm việc`) : null,
        ],
      },
      { heading: 'Mức báo cáo', class: 'num', cell: (item) => escalationLevel(item.escalationLevel, '0') },
      {
        heading: 'Đã báo cáo đến',
        cell: (item) => (item.escalatedTo ? label('escalationTarget', item.escalatedTo) : h('span', { class: 'muted' }, 'Chưa báo cáo lên')),
      },
    ],
  });
}

/** Per lead agency: the four categories, most overdue first. */
function agencyTable(byAgency, directory) {
  const rowTotal = (row) => FOUR_CATEGORIES.reduce((sum, category) => sum + (row.byCategory[category] ?? 0), 0);
  const rows = [...byAgency].sort(
    (a, b) => (b.byCategory.in_progress_overdue ?? 0) - (a.byCategory.in_progress_overdue ?? 0) || b.total - a.total || a.agency.localeCompare(b.agency),
  );
  return dataTable({
    rows,
    class: 'agency-table',
    caption: 'Kết quả thực hiện theo cơ quan chủ trì',
    label: 'Kết quả theo cơ quan',
    empty: 'Chưa có nhiệm vụ nào.',
    rowAttrs: (row) => ({ dataset: { agency: row.agency } }),
    columns: [
      { heading: 'Cơ quan chủ trì', rowHeader: true, cell: (row) => [row.agencyName ?? directory.name(row.agency), h('span', { class: 'muted small block' }, row.agency)] },
      { heading: 'Tổng', class: 'num', cell: (row) => formatNumber(rowTotal(row)) },
      ...FOUR_CATEGORIES.map((category) => ({
        heading: label('taskCategory', category),
        class: ['num', `col--${category}`],
        attrs: (row) => ({ class: row.byCategory[category] ? 'nonzero' : null, dataset: { category } }),
        cell: (row) => formatNumber(row.byCategory[category] ?? 0),
      })),
      { heading: 'Tỷ lệ', class: 'bar-cell', cell: (row) => stackedBar(row.byCategory, rowTotal(row)) },
    ],
  });
}

function stackedBar(counts, total) {
  const bar = h('span', { class: 'stacked-bar', role: 'img', 'aria-label': FOUR_CATEGORIES.map((c) => `${label('taskCategory', c)}: ${counts[c] ?? 0}`).join('; ') });
  for (const category of FOUR_CATEGORIES) {
    const value = counts[category] ?? 0;
    if (!value || !total) continue;
    const part = h('span', { class: ['stacked-bar__part', `stacked-bar__part--${category}`] });
    part.style.width = `${(value / total) * 100}%`;
    bar.append(part);
  }
  return bar;
}

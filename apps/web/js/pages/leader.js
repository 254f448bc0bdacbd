import { api, isMissingRoute } from '../api.js';
import { h, replace } from '../dom.js';
import { loadDirectory } from '../directory.js';
import { CATEGORY_LABELS, ESCALATION_TARGET_LABELS, FOUR_CATEGORIES, formatDateTime, formatDue, formatNumber, percent } from '../format.js';
import { notificationsPanel, pageHeader, section, statusBadge, tableWrap } from '../components.js';

/** Leadership dashboard: the four categories overall and per agency, and what is overdue, where, for how long, escalated to whom. */
export async function renderLeader(container, { query, navigate, session, refreshChrome }) {
  const planId = query.get('planId') ?? '';
  const [directory, overview, plans] = await Promise.all([loadDirectory(), loadOverview(planId), loadPlans()]);

  const planPicker = plans?.length
    ? h(
        'form',
        { class: 'inline-filter', onsubmit: (event) => event.preventDefault() },
        h('label', { for: 'plan-filter' }, 'Kế hoạch'),
        h(
          'select',
          {
            id: 'plan-filter',
            onchange: (event) => navigate(event.target.value ? `#/lanh-dao?planId=${encodeURIComponent(event.target.value)}` : '#/lanh-dao'),
          },
          h('option', { value: '' }, 'Tất cả nhiệm vụ'),
          plans.map((plan) => h('option', { value: plan.id, selected: plan.id === planId }, `${plan.code} — ${plan.title}`)),
        ),
      )
    : null;

  const total = FOUR_CATEGORIES.reduce((sum, category) => sum + (overview.byCategory[category] ?? 0), 0);
  const listHref = (category) => `#/dieu-phoi?category=${category}${planId ? `&planId=${encodeURIComponent(planId)}` : ''}`;

  const cards = h(
    'ul',
    { class: 'stat-grid', 'aria-label': 'Số nhiệm vụ theo phân loại' },
    FOUR_CATEGORIES.map((category) =>
      h(
        'li',
        { class: ['stat', `stat--${category}`], dataset: { category } },
        h('a', { href: listHref(category), class: 'stat__link' },
          h('span', { class: 'stat__value' }, formatNumber(overview.byCategory[category] ?? 0)),
          h('span', { class: 'stat__label' }, CATEGORY_LABELS[category]),
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
    `. Số liệu lúc ${formatDateTime(overview.asOf)}`,
    overview.computedFromTasks ? ' (tính từ danh sách nhiệm vụ).' : '.',
  );

  const byAgency = [...overview.byAgency].sort(
    (a, b) => (b.byCategory.in_progress_overdue ?? 0) - (a.byCategory.in_progress_overdue ?? 0) || b.total - a.total || a.agency.localeCompare(b.agency),
  );
  const agencyTable = byAgency.length
    ? tableWrap(
        h(
          'table',
          { class: 'table agency-table' },
          h('caption', { class: 'visually-hidden' }, 'Kết quả thực hiện theo cơ quan chủ trì'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'Cơ quan chủ trì'),
              h('th', { scope: 'col', class: 'num' }, 'Tổng'),
              FOUR_CATEGORIES.map((category) => h('th', { scope: 'col', class: ['num', `col--${category}`] }, CATEGORY_LABELS[category])),
              h('th', { scope: 'col' }, 'Tỷ lệ'),
            ),
          ),
          h(
            'tbody',
            {},
            byAgency.map((row) => {
              const rowTotal = FOUR_CATEGORIES.reduce((sum, category) => sum + (row.byCategory[category] ?? 0), 0);
              return h(
                'tr',
                { dataset: { agency: row.agency } },
                h('th', { scope: 'row' }, row.agencyName ?? directory.name(row.agency), h('span', { class: 'muted small block' }, row.agency)),
                h('td', { class: 'num' }, formatNumber(rowTotal)),
                FOUR_CATEGORIES.map((category) =>
                  h('td', { class: ['num', `col--${category}`, row.byCategory[category] ? 'nonzero' : null], dataset: { category } }, formatNumber(row.byCategory[category] ?? 0)),
                ),
                h('td', { class: 'bar-cell' }, stackedBar(row.byCategory, rowTotal)),
              );
            }),
          ),
        ),
        'Kết quả theo cơ quan',
      )
    : h('p', { class: 'muted' }, 'Chưa có nhiệm vụ nào.');

  const overdueItems = overview.overdue.items;
  const overdueTable = overdueItems.length
    ? tableWrap(
        h(
          'table',
          { class: 'table overdue-table' },
          h('caption', { class: 'visually-hidden' }, 'Nhiệm vụ quá hạn, quá hạn lâu nhất trước'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'Nhiệm vụ'),
              h('th', { scope: 'col' }, 'Cơ quan chủ trì'),
              h('th', { scope: 'col' }, 'Hạn'),
              h('th', { scope: 'col', class: 'num' }, 'Quá hạn'),
              h('th', { scope: 'col', class: 'num' }, 'Mức báo cáo'),
              h('th', { scope: 'col' }, 'Đã báo cáo đến'),
            ),
          ),
          h(
            'tbody',
            {},
            overdueItems.map((item) =>
              h(
                'tr',
                { dataset: { taskId: item.taskId } },
                h('td', {}, h('a', { href: `#/nhiem-vu/${item.taskId}` }, item.title), h('span', { class: 'block' }, statusBadge(item.status))),
                h('td', {}, item.agencyName ?? directory.name(item.agency)),
                h('td', { class: 'nowrap' }, formatDue(item.dueAt)),
                h(
                  'td',
                  { class: 'num nowrap' },
                  h('strong', {}, item.daysOverdue > 0 ? `${formatNumber(item.daysOverdue)} ngày` : 'Dưới 1 ngày'),
                  item.daysOverdue > 0 && item.workingDaysOverdue !== undefined
                    ? h('span', { class: 'muted small block' }, `${formatNumber(item.workingDaysOverdue)} ngày làm việc`)
                    : null,
                ),
                h('td', { class: 'num' }, escalationLevel(item.escalationLevel)),
                h('td', {}, item.escalatedTo ? ESCALATION_TARGET_LABELS[item.escalatedTo] ?? item.escalatedTo : h('span', { class: 'muted' }, 'Chưa báo cáo lên')),
              ),
            ),
          ),
        ),
        'Nhiệm vụ quá hạn',
      )
    : h('p', { class: 'empty-ok' }, 'Không có nhiệm vụ nào đang quá hạn.');

  const overdueNote =
    overview.overdue.total > overdueItems.length ? h('p', { class: 'muted small' }, `Hiển thị ${overdueItems.length}/${overview.overdue.total} nhiệm vụ quá hạn lâu nhất.`) : null;

  replace(
    container,
    pageHeader('Tổng quan thực hiện nhiệm vụ', 'Kết quả theo bốn nhóm: hoàn thành đúng hạn, hoàn thành quá hạn, đang thực hiện trong hạn, đang thực hiện quá hạn.', planPicker),
    cards,
    totals,
    h(
      'div',
      { class: 'layout-split' },
      h(
        'div',
        { class: 'layout-split__main' },
        section(`Nhiệm vụ quá hạn (${formatNumber(overview.overdue.total)})`, overdueTable, overdueNote),
        section('Kết quả theo cơ quan', agencyTable),
      ),
      session.role === 'leader' ? h('div', { class: 'layout-split__side' }, notificationsPanel({ limit: 8, onChange: refreshChrome })) : null,
    ),
  );
}

function escalationLevel(level) {
  if (!level) return h('span', { class: 'muted' }, '0');
  return h('span', { class: ['level', `level--${Math.min(level, 3)}`] }, `Cấp ${level}`);
}

function stackedBar(counts, total) {
  const bar = h('span', { class: 'stacked-bar', role: 'img', 'aria-label': FOUR_CATEGORIES.map((c) => `${CATEGORY_LABELS[c]}: ${counts[c] ?? 0}`).join('; ') });
  for (const category of FOUR_CATEGORIES) {
    const value = counts[category] ?? 0;
    if (!value || !total) continue;
    const part = h('span', { class: ['stacked-bar__part', `stacked-bar__part--${category}`] });
    part.style.width = `${(value / total) * 100}%`;
    bar.append(part);
  }
  return bar;
}

async function loadPlans() {
  try {
    return (await api('/plans')).items;
  } catch {
    return null;
  }
}

/** GET /api/dashboard/overview; where a server lacks it, the same figures from GET /api/tasks. */
async function loadOverview(planId) {
  try {
    return await api('/dashboard/overview', { query: { planId } });
  } catch (error) {
    if (!isMissingRoute(error)) throw error;
  }
  const tasks = [];
  for (let page = 1; ; page++) {
    const batch = await api('/tasks', { query: { planId, page, limit: 200 } });
    tasks.push(...batch.items);
    if (tasks.length >= batch.total || batch.items.length === 0 || page >= 50) break;
  }
  const empty = () => ({ completed_on_time: 0, completed_late: 0, in_progress_on_time: 0, in_progress_overdue: 0, cancelled: 0 });
  const byCategory = empty();
  const agencies = new Map();
  for (const task of tasks) {
    byCategory[task.category] += 1;
    if (!agencies.has(task.leadAgency)) agencies.set(task.leadAgency, { agency: task.leadAgency, agencyName: null, total: 0, byCategory: empty() });
    const row = agencies.get(task.leadAgency);
    row.byCategory[task.category] += 1;
    row.total += 1;
  }
  const now = Date.now();
  const day = 24 * 60 * 60 * 1000;
  const overdue = tasks
    .filter((task) => task.category === 'in_progress_overdue')
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))
    .map((task) => ({
      taskId: task.id,
      title: task.title,
      agency: task.leadAgency,
      agencyName: null,
      status: task.status,
      dueAt: task.dueAt,
      daysOverdue: Math.max(1, Math.ceil((now - Date.parse(task.dueAt)) / day)),
      escalationLevel: task.escalationLevel,
      escalatedTo: task.escalatedTo,
    }));
  return {
    asOf: new Date(now).toISOString(),
    computedFromTasks: true,
    byCategory,
    byAgency: [...agencies.values()],
    overdue: { total: overdue.length, items: overdue },
  };
}

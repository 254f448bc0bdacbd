import { api, ApiError } from './api.js';
import { h, replace } from './dom.js';
import { formatDateTime, formatDue } from './format.js';
import { commandForm } from './forms.js';
import { label } from './labels.js';

export function statusBadge(status) {
  return h('span', { class: ['badge', `badge--status-${status}`] }, label('taskStatus', status));
}

export function categoryBadge(category) {
  return h('span', { class: ['badge', `badge--${category}`] }, label('taskCategory', category));
}

export function progressBar(percent, ariaLabel = 'Tiến độ') {
  const value = Math.max(0, Math.min(100, Number(percent) || 0));
  const fill = h('span', { class: 'progress__fill' });
  fill.style.width = `${value}%`;
  return h(
    'span',
    { class: 'progress-wrap' },
    h('span', { class: 'progress', role: 'progressbar', 'aria-label': ariaLabel, 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': value }, fill),
    h('span', { class: 'progress__text' }, `${value}%`),
  );
}

export function pageHeader(title, subtitle, ...actions) {
  return h(
    'div',
    { class: 'page-header' },
    h('div', {}, h('h1', { class: 'page-title' }, title), subtitle ? h('p', { class: 'page-subtitle' }, subtitle) : null),
    actions.length ? h('div', { class: 'page-header__actions' }, actions) : null,
  );
}

export function section(title, ...children) {
  const id = `s-${Math.random().toString(36).slice(2, 9)}`;
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { class: 'card__title', id }, title), children);
}

export function notice(kind, ...children) {
  return h('div', { class: ['notice', `notice--${kind}`], role: kind === 'error' ? 'alert' : undefined }, children);
}

export function errorNotice(error) {
  const message = error instanceof Error ? error.message : String(error);
  return notice('error', h('p', {}, message));
}

export function loading(text = 'Đang tải…') {
  return h('p', { class: 'loading', role: 'status' }, text);
}

/** One fact of a record's card (`<dl class=facts>`): its term and value. */
export function fact(term, value) {
  return h('div', { class: 'facts__item' }, h('dt', {}, term), h('dd', {}, value));
}

/** The page of one record (a task, a round): back link, title and badges, the main column with the timeline beside it. */
export function detailPage(container, { back, title, badges, main, timeline }) {
  replace(
    container,
    back,
    h('div', { class: 'task-head' }, h('h1', { class: 'page-title', tabindex: -1 }, title), h('p', { class: 'task-head__badges' }, badges)),
    h('div', { class: 'layout-split layout-split--task' }, h('div', { class: 'layout-split__main' }, main), h('div', { class: 'layout-split__side' }, timeline)),
  );
}

/** Plans as `<select>` options: "HN-2026-KTTT — Kế hoạch …". */
export function planOptions(plans) {
  return plans.map((plan) => ({ value: plan.id, label: `${plan.code} — ${plan.title}` }));
}

/** A plan filter above a page (`<select>` of the plans); choosing one goes to `href(planId)`. */
export function planPicker(plans, planId, { id, allLabel, href, navigate }) {
  if (!plans?.length) return null;
  return h(
    'form',
    { class: 'inline-filter', onsubmit: (event) => event.preventDefault() },
    h('label', { for: id }, 'Kế hoạch'),
    h(
      'select',
      { id, onchange: (event) => navigate(href(event.target.value)) },
      h('option', { value: '' }, allLabel),
      planOptions(plans).map((option) => h('option', { value: option.value, selected: option.value === planId }, option.label)),
    ),
  );
}

/** "Cấp 2" (coloured by level), or `none` when nothing has been escalated. */
export function escalationLevel(level, none = 'Chưa') {
  if (!level) return h('span', { class: 'muted' }, none);
  return h('span', { class: ['level', `level--${Math.min(level, 3)}`] }, `Cấp ${level}`);
}

/** "Cấp 2 Thủ trưởng cơ quan": how far an escalation went, and to whom. */
export function escalationSummary(level, to) {
  return h('span', {}, escalationLevel(level), level && to ? ` ${label('escalationTarget', to)}` : '');
}

/**
 * The table of every list: `columns` are `{heading, cell(row), class?, attrs?(row), rowHeader?}` (a
 * row header is a `<th scope=row>`; `class` goes on the heading and the cells, `attrs` adds a
 * cell's own), `rowAttrs(row)` gives each `<tr>` its attributes. It scrolls sideways instead of
 * the page, and every cell carries its column's heading, which a phone-sized screen shows in front
 * of the value (one card per row). With no rows it is the `empty` text.
 */
export function dataTable({ rows, columns, caption, label: regionLabel, class: className, rowAttrs, empty }) {
  if (!rows.length && empty !== undefined) return typeof empty === 'string' ? h('p', { class: 'muted' }, empty) : empty;
  const cell = (column, row) => {
    const own = column.attrs?.(row) ?? {};
    const heading = typeof column.heading === 'string' ? column.heading : column.heading.textContent;
    return h(column.rowHeader ? 'th' : 'td', { ...own, scope: column.rowHeader ? 'row' : undefined, class: [column.class, own.class].flat(), dataset: { ...(heading ? { label: heading } : {}), ...own.dataset } }, column.cell(row));
  };
  return h(
    'div',
    { class: 'table-wrap', role: 'region', 'aria-label': regionLabel ?? caption, tabindex: 0 },
    h(
      'table',
      { class: ['table', className] },
      caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
      h('thead', {}, h('tr', {}, columns.map((column) => h('th', { scope: 'col', class: column.class }, column.heading)))),
      h('tbody', {}, rows.map((row) => h('tr', rowAttrs?.(row) ?? {}, columns.map((column) => cell(column, row))))),
    ),
  );
}

/** The first cell of a list row: the record's title linking to its page, a muted note under it. */
export function titleCell(href, title, note) {
  return [h('a', { href }, title), note ? h('span', { class: 'muted small block' }, note) : null];
}

/** Tasks as a table: title (link to the detail), agencies, status, category, due, progress. */
export function taskTable(tasks, { agencyName, caption = 'Danh sách nhiệm vụ', ownAgency, empty } = {}) {
  const name = (code) => (agencyName ? agencyName(code) : code);
  return dataTable({
    rows: tasks,
    caption,
    empty,
    class: 'task-table',
    rowAttrs: (task) => ({ dataset: { taskId: task.id } }),
    columns: [
      {
        heading: 'Nhiệm vụ',
        class: 'task-table__title',
        cell: (task) => titleCell(`#/nhiem-vu/${task.id}`, task.title, task.planCode && task.planCode !== 'ADHOC' ? `${task.planCode} · ${task.taskRef}` : null),
      },
      {
        heading: ownAgency ? 'Vai trò' : 'Cơ quan chủ trì',
        cell: (task) =>
          ownAgency
            ? task.leadAgency === ownAgency
              ? h('span', { class: 'tag tag--lead' }, 'Chủ trì')
              : h('span', { class: 'tag' }, 'Phối hợp')
            : h('span', { title: task.leadAgency }, name(task.leadAgency)),
      },
      { heading: 'Tình trạng', class: 'badges', cell: (task) => [statusBadge(task.status), categoryBadge(task.category), nextStepHint(task, ownAgency)] },
      { heading: 'Hạn', class: 'due', cell: (task) => [formatDue(task.dueAt), assumedDueNote(task)] },
      { heading: 'Tiến độ', cell: (task) => progressBar(task.progressPercent, `Tiến độ: ${task.title}`) },
    ],
  });
}

function nextStepHint(task, ownAgency) {
  if (!ownAgency || task.leadAgency !== ownAgency) return null;
  if (task.status === 'assigned') return h('span', { class: 'hint-chip' }, 'Cần tiếp nhận');
  return null;
}

/** The signed-in user's notifications, newest first, each with "mark read". */
export function notificationsPanel({ limit = 10, title = 'Thông báo', showAllLink = true, onChange } = {}) {
  const body = h('div', { class: 'notifications' }, loading());
  const count = h('span', { class: 'count-badge', hidden: true });
  const panel = h(
    'section',
    { class: 'card notifications-card', 'aria-labelledby': 'notifications-title' },
    h(
      'div',
      { class: 'card__header' },
      h('h2', { class: 'card__title', id: 'notifications-title' }, title, ' ', count),
      showAllLink ? h('a', { href: '#/thong-bao', class: 'small' }, 'Xem tất cả') : null,
    ),
    body,
  );
  const load = async () => {
    try {
      const inbox = await api('/notifications', { query: { limit } });
      count.hidden = !inbox.unread;
      count.textContent = `${inbox.unread} chưa đọc`;
      if (!inbox.items.length) {
        replace(body, h('p', { class: 'muted' }, 'Chưa có thông báo nào.'));
        return;
      }
      replace(
        body,
        h(
          'ul',
          { class: 'notification-list' },
          inbox.items.map((item) =>
            h(
              'li',
              { class: ['notification', item.readAt ? 'notification--read' : 'notification--unread'] },
              h(
                'div',
                { class: 'notification__text' },
                h('p', { class: 'notification__title' }, item.readAt ? null : h('span', { class: 'visually-hidden' }, 'Chưa đọc: '), item.title),
                h('p', { class: 'notification__body' }, item.body),
                h(
                  'p',
                  { class: 'notification__meta' },
                  formatDateTime(item.createdAt),
                  item.taskId ? [' · ', h('a', { href: `#/nhiem-vu/${item.taskId}` }, 'Xem nhiệm vụ')] : null,
                ),
              ),
              item.readAt
                ? null
                : commandForm({
                    class: 'inline-form',
                    submitLabel: 'Đánh dấu đã đọc',
                    submitClass: 'button--small button--ghost',
                    label: `Đánh dấu đã đọc: ${item.title}`,
                    onSubmit: ({ key }) => api(`/notifications/${item.id}/read`, { method: 'POST', idempotencyKey: key }),
                    onSuccess: async () => {
                      await load();
                      onChange?.();
                    },
                  }),
            ),
          ),
        ),
      );
    } catch (error) {
      if (error instanceof ApiError && error.status === 403) replace(body, h('p', { class: 'muted' }, 'Vai trò này không có hộp thông báo.'));
      else replace(body, errorNotice(error));
    }
  };
  load();
  return panel;
}

/** Who did something, for a timeline: the system, or a person with their agency (or role). */
export function actorLabel(actor, name) {
  if (!actor) return '';
  if (actor.role === 'system') return 'Hệ thống';
  const who = actor.name || actor.sub;
  return actor.agency ? `${who} (${name(actor.agency)})` : `${who} (${label('role', actor.role)})`;
}

/**
 * The "Diễn biến" card of a task or a round: its events in order, each with its label, time, actor
 * and details (`details(event)`); `kind` names their labels (`taskEvent`, `roundEvent`); `modifier` names the item class (`timeline__item--<modifier><type>`).
 */
export function eventTimeline(events, { id, kind, details, name, modifier = '' }) {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': id },
    h('h2', { class: 'card__title', id }, 'Diễn biến'),
    events.length
      ? h(
          'ol',
          { class: 'timeline' },
          events.map((event) =>
            h(
              'li',
              { class: ['timeline__item', `timeline__item--${modifier}${event.type}`], dataset: { type: event.type } },
              h('p', { class: 'timeline__title' }, label(kind, event.type)),
              h('p', { class: 'timeline__meta' }, h('time', { datetime: event.at }, formatDateTime(event.at)), ' · ', actorLabel(event.actor, name)),
              details(event, name),
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'Chưa có diễn biến.'),
  );
}

/** Beside a due date the plan's document does not state: the plan assumed it (the label is the domain's). */
export function assumedDueNote(task) {
  return task.dueAssumed ? h('span', { class: 'tag tag--assumed small', dataset: { assumed: '' } }, label('due', 'assumed')) : null;
}

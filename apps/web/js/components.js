import { api, ApiError } from './api.js';
import { h, replace } from './dom.js';
import { CATEGORY_LABELS, ROLE_LABELS, STATUS_LABELS, formatDateTime, formatDue } from './format.js';
import { commandForm } from './forms.js';

export function statusBadge(status) {
  return h('span', { class: ['badge', `badge--status-${status}`] }, STATUS_LABELS[status] ?? status);
}

export function categoryBadge(category) {
  return h('span', { class: ['badge', `badge--${category}`] }, CATEGORY_LABELS[category] ?? category);
}

export function progressBar(percent, label = 'Tiến độ') {
  const value = Math.max(0, Math.min(100, Number(percent) || 0));
  const fill = h('span', { class: 'progress__fill' });
  fill.style.width = `${value}%`;
  return h(
    'span',
    { class: 'progress-wrap' },
    h('span', { class: 'progress', role: 'progressbar', 'aria-label': label, 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': value }, fill),
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

/**
 * Wraps a table so that it scrolls sideways instead of the page, and labels every cell with its
 * column's heading, which a phone-sized screen shows in front of the value (one card per row).
 */
export function tableWrap(table, label) {
  const headings = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
  for (const row of table.querySelectorAll('tbody tr')) {
    [...row.children].forEach((cell, index) => {
      if (headings[index]) cell.dataset.label = headings[index];
    });
  }
  return h('div', { class: 'table-wrap', role: 'region', 'aria-label': label, tabindex: 0 }, table);
}

/** Tasks as a table: title (link to the detail), agencies, status, category, due, progress. */
export function taskTable(tasks, { agencyName, caption, ownAgency } = {}) {
  const name = (code) => (agencyName ? agencyName(code) : code);
  return tableWrap(
    h(
      'table',
      { class: 'table task-table' },
      caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Nhiệm vụ'),
          h('th', { scope: 'col' }, ownAgency ? 'Vai trò' : 'Cơ quan chủ trì'),
          h('th', { scope: 'col' }, 'Tình trạng'),
          h('th', { scope: 'col' }, 'Hạn'),
          h('th', { scope: 'col' }, 'Tiến độ'),
        ),
      ),
      h(
        'tbody',
        {},
        tasks.map((task) =>
          h(
            'tr',
            { dataset: { taskId: task.id } },
            h(
              'td',
              { class: 'task-table__title' },
              h('a', { href: `#/nhiem-vu/${task.id}` }, task.title),
              task.planCode && task.planCode !== 'ADHOC' ? h('span', { class: 'muted small block' }, `${task.planCode} · ${task.taskRef}`) : null,
            ),
            h(
              'td',
              {},
              ownAgency
                ? task.leadAgency === ownAgency
                  ? h('span', { class: 'tag tag--lead' }, 'Chủ trì')
                  : h('span', { class: 'tag' }, 'Phối hợp')
                : h('span', { title: task.leadAgency }, name(task.leadAgency)),
            ),
            h('td', { class: 'badges' }, statusBadge(task.status), categoryBadge(task.category), nextStepHint(task, ownAgency)),
            h('td', { class: 'due' }, formatDue(task.dueAt)),
            h('td', {}, progressBar(task.progressPercent, `Tiến độ: ${task.title}`)),
          ),
        ),
      ),
    ),
    caption ?? 'Danh sách nhiệm vụ',
  );
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
  return actor.agency ? `${who} (${name(actor.agency)})` : `${who} (${ROLE_LABELS[actor.role] ?? actor.role})`;
}

/**
 * The "Diễn biến" card of a task or a round: its events in order, each with its label, time, actor
 * and details (`details(event)`); `modifier` names the item class (`timeline__item--<modifier><type>`).
 */
export function eventTimeline(events, { id, labels, details, name, modifier = '' }) {
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
              h('p', { class: 'timeline__title' }, labels[event.type] ?? event.type),
              h('p', { class: 'timeline__meta' }, h('time', { datetime: event.at }, formatDateTime(event.at)), ' · ', actorLabel(event.actor, name)),
              details(event, name),
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'Chưa có diễn biến.'),
  );
}

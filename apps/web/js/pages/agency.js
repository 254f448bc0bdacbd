import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { loadDirectory } from '../directory.js';
import { formatNumber } from '../format.js';
import { notificationsPanel, pageHeader, section, taskTable } from '../components.js';

const OPEN = ['assigned', 'acknowledged', 'in_progress', 'submitted'];

/** Agency inbox: the tasks it leads or coordinates, what needs doing, and its notifications. */
export async function renderAgency(container, { session, query, refreshChrome }) {
  const showAll = query.get('xem') === 'tat-ca';
  const [directory, list] = await Promise.all([loadDirectory(), api('/tasks', { query: { limit: 200 } })]);
  const tasks = list.items;
  const open = tasks.filter((task) => OPEN.includes(task.status));
  const toAcknowledge = tasks.filter((task) => task.status === 'assigned' && task.leadAgency === session.agency);
  const overdue = tasks.filter((task) => task.category === 'in_progress_overdue');
  const inProgress = tasks.filter((task) => task.status === 'in_progress' && task.leadAgency === session.agency);
  const shown = showAll ? tasks : open;

  const chips = h(
    'ul',
    { class: 'chip-row', 'aria-label': 'Tóm tắt' },
    h('li', { class: ['chip', toAcknowledge.length ? 'chip--attention' : null] }, h('strong', {}, formatNumber(toAcknowledge.length)), ' cần tiếp nhận'),
    h('li', { class: ['chip', overdue.length ? 'chip--danger' : null] }, h('strong', {}, formatNumber(overdue.length)), ' đang quá hạn'),
    h('li', { class: 'chip' }, h('strong', {}, formatNumber(inProgress.length)), ' đang thực hiện'),
    h('li', { class: 'chip' }, h('strong', {}, formatNumber(open.length)), ' chưa kết thúc'),
  );

  const tabs = h(
    'div',
    { class: 'tabs', role: 'navigation', 'aria-label': 'Lọc nhiệm vụ' },
    h('a', { href: '#/co-quan', class: 'tab', 'aria-current': showAll ? undefined : 'page' }, `Chưa kết thúc (${open.length})`),
    h('a', { href: '#/co-quan?xem=tat-ca', class: 'tab', 'aria-current': showAll ? 'page' : undefined }, `Tất cả (${tasks.length})`),
  );

  replace(
    container,
    pageHeader(`Nhiệm vụ của ${directory.name(session.agency)}`, 'Nhiệm vụ cơ quan chủ trì hoặc phối hợp thực hiện. Chọn một nhiệm vụ để tiếp nhận, báo cáo tiến độ, báo cáo kết quả hoặc xin gia hạn.'),
    chips,
    h(
      'div',
      { class: 'layout-split' },
      h(
        'div',
        { class: 'layout-split__main' },
        section(
          'Danh sách nhiệm vụ',
          tabs,
          taskTable(shown, {
            ownAgency: session.agency,
            agencyName: (code) => directory.name(code),
            caption: 'Nhiệm vụ của cơ quan',
            empty: showAll ? 'Cơ quan chưa được giao nhiệm vụ nào.' : 'Không có nhiệm vụ nào đang chờ xử lý.',
          }),
          list.total > tasks.length ? h('p', { class: 'muted small' }, `Hiển thị ${tasks.length}/${list.total} nhiệm vụ có hạn sớm nhất.`) : null,
        ),
      ),
      h('div', { class: 'layout-split__side' }, notificationsPanel({ limit: 8, onChange: refreshChrome })),
    ),
  );
}

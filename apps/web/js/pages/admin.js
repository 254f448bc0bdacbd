import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { loadDirectory } from '../directory.js';
import { AGENCY_KIND_LABELS, formatDate } from '../format.js';
import { commandForm, field } from '../forms.js';
import { errorNotice, loading, pageHeader, section, tableWrap } from '../components.js';

/** Admin: the agency directory and the working-day calendar (days off, official swaps). */
export async function renderAdmin(container, ctx) {
  const year = Number.parseInt(ctx.query.get('nam') ?? '', 10) || new Date().getFullYear();
  const directory = await loadDirectory();
  const calendar = h('div', {}, loading());

  const agencyTable = tableWrap(
    h(
      'table',
      { class: 'table' },
      h('caption', { class: 'visually-hidden' }, 'Danh bạ cơ quan'),
      h('thead', {}, h('tr', {}, ['Mã', 'Tên cơ quan', 'Loại', 'Nhóm', 'Hiệu lực'].map((label) => h('th', { scope: 'col' }, label)))),
      h(
        'tbody',
        {},
        directory.agencies.map((agency) =>
          h(
            'tr',
            {},
            h('td', { class: 'mono' }, agency.code),
            h('td', {}, agency.name),
            h('td', {}, AGENCY_KIND_LABELS[agency.kind] ?? agency.kind),
            h('td', {}, agency.groups.join(', ')),
            h('td', { class: 'nowrap' }, agency.validTo ? `đến ${formatDate(agency.validTo)}${agency.successorCode ? ` → ${agency.successorCode}` : ''}` : 'Đang hoạt động'),
          ),
        ),
      ),
    ),
    'Danh bạ cơ quan',
  );

  replace(
    container,
    pageHeader('Quản trị', 'Danh bạ cơ quan và lịch ngày làm việc dùng để tính hạn nhắc việc, quá hạn.'),
    section(`Lịch ngày nghỉ năm ${year}`, yearPicker(year, ctx), calendar),
    section(`Danh bạ cơ quan (${directory.agencies.length})`, agencyTable),
  );

  const loadCalendar = async () => {
    try {
      const [daysOff, workingDays] = await Promise.all([api('/calendar/holidays', { query: { year } }), api('/calendar/working-days', { query: { year } }).catch(() => [])]);
      replace(
        calendar,
        h(
          'div',
          { class: 'two-columns' },
          h(
            'div',
            {},
            h('h3', { class: 'card__subtitle' }, 'Ngày nghỉ'),
            h('ul', { class: 'plain-list' }, daysOff.map((day) => h('li', {}, h('span', { class: 'mono' }, formatDate(day.date)), ' — ', day.name))),
          ),
          h(
            'div',
            {},
            h('h3', { class: 'card__subtitle' }, 'Ngày làm bù'),
            workingDays.length
              ? h('ul', { class: 'plain-list' }, workingDays.map((day) => h('li', {}, h('span', { class: 'mono' }, formatDate(day.date)), ' — ', day.name)))
              : h('p', { class: 'muted' }, 'Không có.'),
            overrideForm(loadCalendar, ctx),
          ),
        ),
      );
    } catch (error) {
      replace(calendar, errorNotice(error));
    }
  };
  await loadCalendar();
}

function yearPicker(year, ctx) {
  return h(
    'form',
    { class: 'inline-filter', onsubmit: (event) => event.preventDefault() },
    h('label', { for: 'year-picker' }, 'Năm'),
    h(
      'select',
      { id: 'year-picker', onchange: (event) => ctx.navigate(`#/quan-tri?nam=${event.target.value}`) },
      [year - 1, year, year + 1].map((y) => h('option', { value: y, selected: y === year }, String(y))),
    ),
  );
}

function overrideForm(reload, ctx) {
  return commandForm({
    class: 'override-form',
    title: 'Điều chỉnh ngày nghỉ, ngày làm bù',
    submitLabel: 'Lưu điều chỉnh',
    children: [
      field({ name: 'date', label: 'Ngày', type: 'date', required: true }),
      field({
        name: 'kind',
        label: 'Loại',
        type: 'select',
        required: true,
        options: [
          { value: 'day_off', label: 'Ngày nghỉ (nghỉ bù)' },
          { value: 'working_day', label: 'Ngày làm việc (làm bù)' },
        ],
      }),
      field({ name: 'name', label: 'Ghi chú', hint: 'Ví dụ: Nghỉ bù theo Thông báo số …', attrs: { maxlength: 200 } }),
    ],
    onSubmit: ({ key, values }) =>
      api(`/calendar/overrides/${encodeURIComponent(values.date)}`, {
        method: 'PUT',
        idempotencyKey: key,
        body: { kind: values.kind, ...(values.name ? { name: values.name } : {}) },
      }),
    onSuccess: async () => {
      ctx.flash('Đã lưu điều chỉnh lịch.');
      await reload();
    },
  });
}

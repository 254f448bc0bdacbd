import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { loadDirectory } from '../directory.js';
import { formatDate } from '../format.js';
import { label } from '../labels.js';
import { commandForm, field } from '../forms.js';
import { dataTable, errorNotice, loading, pageHeader, section } from '../components.js';
import { auditSection, usersSection } from './admin-users.js';
import { contactsSection, deadDeliveriesSection, webhooksSection } from './admin-delivery.js';

/** Admin: the agency directory and the working-day calendar (days off, official swaps). */
export async function renderAdmin(container, ctx) {
  const year = Number.parseInt(ctx.query.get('nam') ?? '', 10) || new Date().getFullYear();
  const directory = await loadDirectory();
  const calendar = h('div', {}, loading());

  const agencyTable = dataTable({
    rows: directory.agencies,
    caption: 'Danh bạ cơ quan',
    columns: [
      { heading: 'Mã', attrs: () => ({ class: 'mono' }), cell: (agency) => agency.code },
      { heading: 'Tên cơ quan', cell: (agency) => agency.name },
      { heading: 'Loại', cell: (agency) => label('agencyKind', agency.kind) },
      { heading: 'Nhóm', cell: (agency) => agency.groups.join(', ') },
      {
        heading: 'Hiệu lực',
        class: 'nowrap',
        cell: (agency) => (agency.validTo ? `đến ${formatDate(agency.validTo)}${agency.successorCode ? ` → ${agency.successorCode}` : ''}` : 'Đang hoạt động'),
      },
    ],
  });

  replace(
    container,
    pageHeader('Quản trị', 'Người dùng, nhật ký, danh bạ cơ quan và lịch ngày làm việc dùng để tính hạn nhắc việc, quá hạn.'),
    section('Người dùng', usersSection(directory, ctx)),
    section('Nhật ký đăng nhập và thay đổi', auditSection()),
    section('Đầu mối nhận thông báo của cơ quan', contactsSection(directory, ctx)),
    section('Webhook', webhooksSection(ctx)),
    section('Lượt gửi thất bại', deadDeliveriesSection(ctx)),
    section(`Lịch ngày nghỉ năm ${year}`, yearPicker(year, ctx), calendar),
    section(`Danh bạ cơ quan (${directory.agencies.length})`, agencyTable),
  );

  const loadCalendar = async () => {
    try {
      const [daysOff, workingDays] = await Promise.all([api('/calendar/holidays', { query: { year } }), api('/calendar/working-days', { query: { year } })]);
      replace(
        calendar,
        h(
          'div',
          { class: 'two-columns' },
          h(
            'div',
            {},
            h('h3', { class: 'card__subtitle' }, 'Ngày nghỉ'),
            dayList(daysOff),
          ),
          h(
            'div',
            {},
            h('h3', { class: 'card__subtitle' }, 'Ngày làm bù'),
            workingDays.length
              ? dayList(workingDays)
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

/** "01/01/2026 — Tết Dương lịch", one a line. */
function dayList(days) {
  return h('ul', { class: 'plain-list' }, days.map((day) => h('li', {}, h('span', { class: 'mono' }, formatDate(day.date)), ' — ', day.name)));
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

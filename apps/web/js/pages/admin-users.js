import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { formatDateTime } from '../format.js';
import { label } from '../labels.js';
import { commandForm, field } from '../forms.js';
import { dataTable, errorNotice, loading } from '../components.js';

const ROLE_VALUES = ['coordinator', 'agency', 'leader', 'admin'];
const AUDIT_ACTIONS = [
  ['sign_in', 'Đăng nhập'],
  ['sign_in_failed', 'Đăng nhập sai'],
  ['sign_in_locked', 'Tạm khoá do đăng nhập sai'],
  ['user_created', 'Tạo người dùng'],
  ['user_updated', 'Sửa người dùng'],
  ['password_reset_requested', 'Yêu cầu đặt lại mật khẩu'],
  ['password_reset', 'Đặt lại mật khẩu'],
  ['activity_failed', 'Lỗi ghi nhận sự kiện của nhiệm vụ'],
];

const roleOptions = (empty) => [...(empty ? [{ value: '', label: empty }] : []), ...ROLE_VALUES.map((role) => ({ value: role, label: label('role', role) }))];

/** Users: the list, a form to create one, a form to change one (role, agency, password, active). */
export function usersSection(directory, ctx) {
  const body = h('div', {}, loading());
  const load = async () => {
    try {
      const { items, total } = await api('/users', { query: { limit: 200 } });
      replace(
        body,
        dataTable({
          rows: items,
          caption: `Người dùng (${total})`,
          class: 'users-table',
          columns: [
            { heading: 'E-mail', attrs: () => ({ class: 'mono' }), cell: (user) => user.email },
            { heading: 'Họ tên', cell: (user) => user.name },
            { heading: 'Vai trò', cell: (user) => label('role', user.role) },
            { heading: 'Cơ quan', cell: (user) => (user.agency ? directory.name(user.agency) : '—') },
            { heading: 'Trạng thái', cell: (user) => (user.active ? 'Đang hoạt động' : 'Đã khoá') },
            { heading: 'Đăng nhập gần nhất', class: 'nowrap', cell: (user) => (user.lastSignInAt ? formatDateTime(user.lastSignInAt) : '—') },
          ],
          empty: 'Chưa có người dùng.',
        }),
        h('div', { class: 'two-columns' }, createForm(directory, load, ctx), updateForm(items, directory, load, ctx)),
      );
    } catch (error) {
      replace(body, errorNotice(error));
    }
  };
  load();
  return body;
}

function agencyField(directory, value) {
  return field({ name: 'agency', label: 'Cơ quan', type: 'select', value, hint: 'Bắt buộc với vai trò cơ quan.', options: directory.options({ empty: '— Không —' }) });
}

function createForm(directory, reload, ctx) {
  return commandForm({
    class: 'user-create-form',
    title: 'Thêm người dùng',
    submitLabel: 'Thêm người dùng',
    children: [
      field({ name: 'email', label: 'E-mail', type: 'email', required: true, attrs: { autocomplete: 'off', maxlength: 254 } }),
      field({ name: 'name', label: 'Họ tên', required: true, attrs: { maxlength: 200 } }),
      field({ name: 'role', label: 'Vai trò', type: 'select', required: true, options: roleOptions('— Chọn vai trò —') }),
      agencyField(directory),
      field({ name: 'password', label: 'Mật khẩu', type: 'password', hint: 'Không bắt buộc (người dùng đăng nhập qua hệ thống xác thực của cơ quan).', attrs: { autocomplete: 'new-password' } }),
    ],
    onSubmit: ({ key, values }) =>
      api('/users', {
        method: 'POST',
        idempotencyKey: key,
        body: { email: values.email, name: values.name, role: values.role, ...(values.agency ? { agency: values.agency } : {}), ...(values.password ? { password: values.password } : {}) },
      }),
    onSuccess: async (user) => {
      ctx.flash(`Đã thêm người dùng ${user.email}.`);
      await reload();
    },
  });
}

function updateForm(users, directory, reload, ctx) {
  return commandForm({
    class: 'user-update-form',
    title: 'Sửa người dùng',
    description: 'Chỉ những ô được điền mới được thay đổi.',
    submitLabel: 'Lưu thay đổi',
    children: [
      field({ name: 'id', label: 'Người dùng', type: 'select', required: true, options: [{ value: '', label: '— Chọn người dùng —' }, ...users.map((user) => ({ value: user.id, label: `${user.name} <${user.email}>` }))] }),
      field({ name: 'role', label: 'Vai trò mới', type: 'select', options: roleOptions('— Giữ nguyên —') }),
      agencyField(directory),
      field({ name: 'password', label: 'Mật khẩu mới', type: 'password', attrs: { autocomplete: 'new-password' } }),
      field({ name: 'active', label: 'Trạng thái', type: 'select', options: [{ value: '', label: '— Giữ nguyên —' }, { value: 'true', label: 'Đang hoạt động' }, { value: 'false', label: 'Khoá tài khoản' }] }),
    ],
    onSubmit: ({ key, values }) =>
      api(`/users/${encodeURIComponent(values.id)}`, {
        method: 'PATCH',
        idempotencyKey: key,
        body: {
          ...(values.role ? { role: values.role } : {}),
          ...(values.agency ? { agency: values.agency } : {}),
          ...(values.password ? { password: values.password } : {}),
          ...(values.active ? { active: values.active === 'true' } : {}),
        },
      }),
    onSuccess: async (user) => {
      ctx.flash(`Đã lưu người dùng ${user.email}.`);
      await reload();
    },
  });
}

/** The audit log, newest first, filtered by action. */
export function auditSection() {
  const list = h('div', {}, loading());
  const load = async (action) => {
    try {
      const { items } = await api('/audit', { query: { action, limit: 50 } });
      replace(
        list,
        dataTable({
          rows: items,
          caption: 'Nhật ký',
          class: 'audit-table',
          columns: [
            { heading: 'Thời điểm', class: 'nowrap', cell: (entry) => formatDateTime(entry.at) },
            { heading: 'Việc', cell: (entry) => AUDIT_ACTIONS.find(([value]) => value === entry.action)?.[1] ?? entry.action },
            { heading: 'Người thực hiện', cell: (entry) => entry.actor ?? '—' },
            { heading: 'Đối tượng', attrs: () => ({ class: 'mono' }), cell: (entry) => entry.target ?? '—' },
            { heading: 'Từ địa chỉ', attrs: () => ({ class: 'mono' }), cell: (entry) => entry.address ?? '—' },
          ],
          empty: 'Không có mục nào.',
        }),
      );
    } catch (error) {
      replace(list, errorNotice(error));
    }
  };
  const filter = h(
    'form',
    { class: 'inline-filter', onsubmit: (event) => event.preventDefault() },
    h('label', { for: 'audit-action' }, 'Loại việc'),
    h(
      'select',
      { id: 'audit-action', onchange: (event) => load(event.target.value || undefined) },
      h('option', { value: '' }, 'Tất cả'),
      AUDIT_ACTIONS.map(([value, text]) => h('option', { value }, text)),
    ),
  );
  load();
  return h('div', {}, filter, list);
}

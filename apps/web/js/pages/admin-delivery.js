import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { formatDateTime } from '../format.js';
import { commandForm, field } from '../forms.js';
import { dataTable, errorNotice, loading } from '../components.js';

const CONTACT_ROLES = [
  { value: 'head', label: 'Lãnh đạo cơ quan' },
  { value: 'officer', label: 'Chuyên viên' },
  { value: 'clerk', label: 'Văn thư' },
];
/** Rows of the contacts editor: the agency's contacts and a few empty ones to add more. */
const SPARE_CONTACT_ROWS = 2;

/** One agency's contacts (who gets e-mails, Zalo, SMS): the whole list is replaced at once. */
export function contactsSection(directory, ctx) {
  const editor = h('div', {}, loading());
  const load = async (code) => {
    replace(editor, loading());
    try {
      const [contacts, settings] = await Promise.all([
        api(`/agencies/${encodeURIComponent(code)}/contacts`),
        api(`/agencies/${encodeURIComponent(code)}/delivery-settings`),
      ]);
      replace(editor, settingsForm(code, settings, directory, () => load(code), ctx), contactsForm(code, contacts, directory, () => load(code), ctx));
    } catch (error) {
      replace(editor, errorNotice(error));
    }
  };
  const picker = h(
    'form',
    { class: 'inline-filter', onsubmit: (event) => event.preventDefault() },
    h('label', { for: 'contacts-agency' }, 'Cơ quan'),
    h('select', { id: 'contacts-agency', onchange: (event) => load(event.target.value) }, directory.options().map((option) => h('option', { value: option.value }, option.label))),
  );
  load(directory.options()[0]?.value);
  return h('div', {}, picker, editor);
}

/** Whether the agency's contacts get an e-mail per event, or only the daily digest (Zalo, SMS and webhooks go on). */
function settingsForm(code, settings, directory, reload, ctx) {
  return commandForm({
    class: 'delivery-settings-form',
    title: `Cách nhận e-mail của ${directory.name(code)}`,
    description: 'Bỏ chọn để cơ quan chỉ nhận e-mail tổng hợp hằng ngày lúc 07:30 thay cho từng e-mail nhắc việc, quá hạn, chuyển cấp.',
    submitLabel: 'Lưu cách nhận e-mail',
    children: [
      field({
        name: 'perEventEmail',
        label: 'Gửi e-mail cho từng sự kiện',
        type: 'checkbox',
        class: 'field--checkbox',
        attrs: { checked: Boolean(settings.perEventEmail) },
      }),
    ],
    onSubmit: ({ key, values }) =>
      api(`/agencies/${encodeURIComponent(code)}/delivery-settings`, { method: 'PUT', idempotencyKey: key, body: { perEventEmail: Boolean(values.perEventEmail) } }),
    onSuccess: async (result) => {
      ctx.flash(result.perEventEmail ? 'Cơ quan nhận e-mail cho từng sự kiện và e-mail tổng hợp.' : 'Cơ quan chỉ nhận e-mail tổng hợp hằng ngày.');
      await reload();
    },
  });
}

function contactsForm(code, contacts, directory, reload, ctx) {
  const rows = [...contacts, ...Array.from({ length: SPARE_CONTACT_ROWS }, () => ({}))];
  return commandForm({
    class: 'contacts-form',
    title: `Đầu mối của ${directory.name(code)}`,
    description: 'Để trống họ tên để bỏ một dòng. Danh sách được lưu thay cho danh sách cũ.',
    submitLabel: 'Lưu danh sách đầu mối',
    children: rows.map((contact, index) =>
      h(
        'fieldset',
        { class: 'contact-row', dataset: { row: String(index) } },
        h('legend', {}, `Đầu mối ${index + 1}`),
        field({ name: `name-${index}`, errorPath: `[${index}].name`, label: 'Họ tên', value: contact.name, attrs: { maxlength: 200 } }),
        field({ name: `role-${index}`, errorPath: `[${index}].role`, label: 'Vai trò', type: 'select', value: contact.role ?? 'officer', options: CONTACT_ROLES }),
        field({ name: `email-${index}`, errorPath: `[${index}].email`, label: 'E-mail', type: 'email', value: contact.email }),
        field({ name: `phone-${index}`, errorPath: `[${index}].phone`, label: 'Điện thoại', value: contact.phone }),
        field({
          name: `zaloUserId-${index}`,
          errorPath: `[${index}].zaloUserId`,
          label: 'Mã người dùng Zalo',
          value: contact.zaloUserId,
          hint: index === 0 ? 'user_id của người đã quan tâm Official Account; để trống thì Zalo gửi theo số điện thoại (ZNS).' : undefined,
        }),
      ),
    ),
    onSubmit: ({ key, values }) => {
      const body = [];
      rows.forEach((_, index) => {
        const name = values[`name-${index}`];
        if (!name) return;
        const contact = { name, role: values[`role-${index}`] };
        for (const optional of ['email', 'phone', 'zaloUserId']) if (values[`${optional}-${index}`]) contact[optional] = values[`${optional}-${index}`];
        body.push(contact);
      });
      return api(`/agencies/${encodeURIComponent(code)}/contacts`, { method: 'PUT', idempotencyKey: key, body });
    },
    onSuccess: async () => {
      ctx.flash('Đã lưu danh sách đầu mối.');
      await reload();
    },
  });
}

/** Webhooks: signed notifications to other systems; list, add, delete. */
export function webhooksSection(ctx) {
  const body = h('div', {}, loading());
  const load = async () => {
    try {
      const webhooks = await api('/webhooks');
      replace(
        body,
        dataTable({
          rows: webhooks,
          caption: 'Webhook',
          class: 'webhooks-table',
          columns: [
            { heading: 'Địa chỉ', attrs: () => ({ class: 'mono' }), cell: (webhook) => webhook.url },
            { heading: 'Loại thông báo', cell: (webhook) => webhook.events.join(', ') },
            { heading: 'Tạo lúc', class: 'nowrap', cell: (webhook) => formatDateTime(webhook.createdAt) },
            {
              heading: 'Thao tác',
              cell: (webhook) =>
                h('button', {
                  type: 'button',
                  class: 'button button--secondary button--small',
                  onclick: async () => {
                    try {
                      await api(`/webhooks/${encodeURIComponent(webhook.id)}`, { method: 'DELETE' });
                      ctx.flash('Đã xoá webhook.');
                      await load();
                    } catch (error) {
                      ctx.flash(error.message, 'error');
                    }
                  },
                }, 'Xoá'),
            },
          ],
          empty: 'Chưa có webhook.',
        }),
        commandForm({
          class: 'webhook-form',
          title: 'Thêm webhook',
          submitLabel: 'Thêm webhook',
          children: [
            field({ name: 'url', label: 'Địa chỉ nhận (http:// hoặc https://)', type: 'url', required: true }),
            field({ name: 'events', label: 'Loại thông báo', value: '*', required: true, hint: 'Cách nhau bởi dấu phẩy, ví dụ: reminder, escalated; * là tất cả.' }),
            field({ name: 'secret', label: 'Khoá bí mật (ít nhất 16 ký tự)', type: 'password', required: true, attrs: { autocomplete: 'new-password' } }),
          ],
          onSubmit: ({ key, values }) =>
            api('/webhooks', {
              method: 'POST',
              idempotencyKey: key,
              body: { url: values.url, secret: values.secret, events: values.events.split(',').map((event) => event.trim()).filter(Boolean) },
            }),
          onSuccess: async () => {
            ctx.flash('Đã thêm webhook.');
            await load();
          },
        }),
      );
    } catch (error) {
      replace(body, errorNotice(error));
    }
  };
  load();
  return body;
}

/** Deliveries that gave up (e-mail, webhook, Zalo, SMS), each retried at once on request. */
export function deadDeliveriesSection(ctx) {
  const body = h('div', {}, loading());
  const load = async () => {
    try {
      const { items, total } = await api('/deliveries', { query: { status: 'dead', limit: 50 } });
      replace(
        body,
        dataTable({
          rows: items,
          caption: `Lượt gửi thất bại (${total})`,
          class: 'dead-deliveries-table',
          columns: [
            { heading: 'Kênh', cell: (delivery) => delivery.channel },
            { heading: 'Người nhận', cell: (delivery) => delivery.recipientName || delivery.recipient },
            { heading: 'Số lần thử', cell: (delivery) => String(delivery.attempts) },
            { heading: 'Lỗi gần nhất', cell: (delivery) => delivery.lastError ?? '—' },
            {
              heading: 'Thao tác',
              cell: (delivery) =>
                h('button', {
                  type: 'button',
                  class: 'button button--secondary button--small',
                  onclick: async () => {
                    try {
                      await api(`/deliveries/${encodeURIComponent(delivery.id)}/retry`, { method: 'POST' });
                      ctx.flash('Đã gửi lại.');
                      await load();
                    } catch (error) {
                      ctx.flash(error.message, 'error');
                    }
                  },
                }, 'Gửi lại'),
            },
          ],
          empty: 'Không có lượt gửi nào thất bại.',
        }),
      );
    } catch (error) {
      replace(body, errorNotice(error));
    }
  };
  load();
  return body;
}

import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { loadDirectory } from '../directory.js';
import { dueFromDate, formatNumber, toDateInput } from '../format.js';
import { labelOptions } from '../labels.js';
import { checkboxGroup, commandForm, dueField, field } from '../forms.js';
import { pageHeader, planOptions, section, taskTable } from '../components.js';

const PAGE_SIZE = 20;
const FILTERS = ['status', 'category', 'agency', 'overdue', 'q', 'planId'];

/** The task list with filters (coordinator; read-only for a leader). */
export async function renderCoordinator(container, { query, navigate, session }) {
  const page = Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1);
  const filters = Object.fromEntries(FILTERS.map((name) => [name, query.get(name) ?? '']));
  const [directory, list, plans] = await Promise.all([
    loadDirectory(),
    api('/tasks', { query: { ...filters, page, limit: PAGE_SIZE } }),
    api('/plans').then((answer) => answer.items),
  ]);

  const select = (name, label, options) =>
    field({ name, label, type: 'select', value: filters[name], options: [{ value: '', label: 'Tất cả' }, ...options] });
  const filterForm = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      'aria-label': 'Lọc nhiệm vụ',
      onsubmit: (event) => {
        event.preventDefault();
        const data = new FormData(event.target);
        const params = new URLSearchParams();
        for (const name of FILTERS) {
          const value = String(data.get(name) ?? '').trim();
          if (value) params.set(name, value);
        }
        const search = params.toString();
        navigate(`#/dieu-phoi${search ? `?${search}` : ''}`);
      },
    },
    select('status', 'Trạng thái', labelOptions('taskStatus')),
    select('category', 'Phân loại', labelOptions('taskCategory')),
    select('agency', 'Cơ quan', directory.options()),
    select('overdue', 'Quá hạn', [
      { value: 'true', label: 'Chỉ nhiệm vụ quá hạn' },
      { value: 'false', label: 'Không quá hạn' },
    ]),
    plans?.length ? select('planId', 'Kế hoạch', planOptions(plans)) : null,
    field({ name: 'q', label: 'Từ khóa', type: 'search', value: filters.q, attrs: { placeholder: 'Tên hoặc nội dung nhiệm vụ' } }),
    h(
      'div',
      { class: 'filters__actions' },
      h('button', { type: 'submit', class: 'button button--primary' }, 'Lọc'),
      h('a', { href: '#/dieu-phoi', class: 'button button--ghost' }, 'Bỏ lọc'),
    ),
  );

  const pages = Math.max(1, Math.ceil(list.total / PAGE_SIZE));
  const pageHref = (n) => {
    const params = new URLSearchParams();
    for (const name of FILTERS) if (filters[name]) params.set(name, filters[name]);
    if (n > 1) params.set('page', String(n));
    const search = params.toString();
    return `#/dieu-phoi${search ? `?${search}` : ''}`;
  };
  const pager =
    pages > 1
      ? h(
          'nav',
          { class: 'pager', 'aria-label': 'Phân trang' },
          page > 1 ? h('a', { href: pageHref(page - 1), class: 'button button--ghost button--small' }, '← Trang trước') : null,
          h('span', { class: 'muted' }, `Trang ${page}/${pages}`),
          page < pages ? h('a', { href: pageHref(page + 1), class: 'button button--ghost button--small' }, 'Trang sau →') : null,
        )
      : null;

  const isCoordinator = session.role === 'coordinator';
  replace(
    container,
    pageHeader(
      isCoordinator ? 'Điều phối nhiệm vụ' : 'Tra cứu nhiệm vụ',
      isCoordinator ? 'Theo dõi, nghiệm thu, gia hạn, giao lại nhiệm vụ của các cơ quan.' : 'Mọi nhiệm vụ, theo trạng thái, phân loại và cơ quan.',
      isCoordinator ? h('a', { href: '#/giao-viec', class: 'button button--primary' }, '+ Giao nhiệm vụ mới') : null,
    ),
    h(
      'div',
      { class: 'layout-split' },
      h(
        'div',
        { class: 'layout-split__main' },
        h('section', { class: 'card', 'aria-label': 'Bộ lọc' }, filterForm),
        section(
          `Kết quả: ${formatNumber(list.total)} nhiệm vụ`,
          taskTable(list.items, { agencyName: (code) => directory.name(code), caption: 'Nhiệm vụ theo bộ lọc', empty: 'Không có nhiệm vụ nào khớp bộ lọc.' }),
          pager,
        ),
      ),
    ),
  );
}

/** `POST /api/tasks`: an ad-hoc task for one lead agency. */
export async function renderCreateTask(container, { navigate, flash }) {
  const directory = await loadDirectory();
  const agencyOptions = directory.options();
  const tomorrow = toDateInput(Date.now() + 24 * 3600 * 1000);
  const form = commandForm({
    class: 'create-task',
    label: 'Giao nhiệm vụ mới',
    submitLabel: 'Giao nhiệm vụ',
    children: [
      field({ name: 'title', label: 'Tên nhiệm vụ', required: true, attrs: { maxlength: 500, autocomplete: 'off' } }),
      field({ name: 'description', label: 'Nội dung, yêu cầu', type: 'textarea', rows: 4, attrs: { maxlength: 20000 } }),
      h(
        'div',
        { class: 'form-row' },
        field({ name: 'leadAgency', label: 'Cơ quan chủ trì', type: 'select', required: true, searchable: true, options: [{ value: '', label: '— Chọn cơ quan —' }, ...agencyOptions] }),
        dueField({ name: 'dueAt', label: 'Hạn hoàn thành', min: tomorrow, hint: '“Chậm nhất ngày này”: hạn là hết ngày đã chọn; “Trước ngày này”: hạn là 0 giờ của ngày đã chọn.' }),
      ),
      h(
        'details',
        { class: 'coordinating' },
        h('summary', {}, 'Cơ quan phối hợp (không bắt buộc)'),
        checkboxGroup({ name: 'coordinatingAgencies', label: 'Cơ quan phối hợp', options: agencyOptions, class: 'checkbox-group--scroll', searchable: true }),
      ),
    ],
    onSubmit: ({ key, values }) =>
      api('/tasks', {
        method: 'POST',
        idempotencyKey: key,
        body: {
          title: values.title,
          ...(values.description ? { description: values.description } : {}),
          leadAgency: values.leadAgency,
          coordinatingAgencies: values.coordinatingAgencies ?? [],
          dueAt: dueFromDate(values.dueAtDate, values.dueAtRule),
        },
      }),
    onSuccess: (task) => {
      flash(`Đã giao nhiệm vụ cho ${directory.name(task.leadAgency)}.`, 'success', { next: true });
      navigate(`#/nhiem-vu/${task.id}`);
    },
  });
  replace(
    container,
    h('a', { href: '#/dieu-phoi', class: 'back-link' }, '← Danh sách nhiệm vụ'),
    pageHeader('Giao nhiệm vụ mới', 'Nhiệm vụ được giao ngay cho cơ quan chủ trì; hệ thống tự nhắc việc, báo quá hạn và báo cáo lên cấp trên theo quy định.'),
    h('section', { class: 'card card--narrow' }, form),
  );
}

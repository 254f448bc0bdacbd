import { api, ApiError } from '../api.js';
import { h, replace } from '../dom.js';
import { formatDate, formatDateTime, formatNumber } from '../format.js';
import { commandForm, field } from '../forms.js';
import { dataTable, pageHeader, section } from '../components.js';

/** Plans (`GET /api/plans`); the coordinator imports a plan file and issues it. */
export async function renderPlans(container, ctx) {
  const { session } = ctx;
  const plans = (await api('/plans')).items;
  const isCoordinator = session.role === 'coordinator';
  const rerender = () => renderPlans(container, ctx);

  const table = dataTable({
    rows: plans,
    class: 'plan-table',
    caption: 'Kế hoạch đã nhập',
    label: 'Kế hoạch',
    empty: 'Chưa có kế hoạch nào.',
    rowAttrs: (plan) => ({ dataset: { planId: plan.id } }),
    columns: [
      {
        heading: 'Kế hoạch',
        cell: (plan) => [
          h('strong', {}, plan.code),
          h('span', { class: 'block' }, plan.title),
          h('span', { class: 'muted small block' }, [plan.number, plan.issuer, plan.issuedDate ? `ngày ${formatDate(plan.issuedDate)}` : null].filter(Boolean).join(' · ')),
          plan.warningCount ? h('span', { class: 'muted small block' }, `${plan.warningCount} cảnh báo khi nhập`) : null,
        ],
      },
      { heading: 'Năm', class: 'num', cell: (plan) => plan.year },
      {
        heading: 'Nhiệm vụ',
        class: 'num',
        cell: (plan) => [
          formatNumber(plan.taskCount),
          plan.agencyTaskCount !== plan.taskCount ? h('span', { class: 'muted small block' }, `${formatNumber(plan.agencyTaskCount)} lượt cơ quan`) : null,
        ],
      },
      { heading: 'Chỉ tiêu', class: 'num', cell: (plan) => formatNumber(plan.indicatorCount) },
      { heading: 'Ban hành', cell: (plan) => issueCell(plan, isCoordinator, ctx, rerender) },
      {
        heading: h('span', { class: 'visually-hidden' }, 'Xem'),
        class: 'nowrap',
        cell: (plan) => [
          h('a', { href: `#/dieu-phoi?planId=${plan.id}` }, 'Nhiệm vụ'),
          ' · ',
          h('a', { href: `#/lanh-dao?planId=${plan.id}` }, 'Tổng quan'),
          ' · ',
          h('a', { href: `#/bao-cao?planId=${plan.id}` }, 'Báo cáo'),
        ],
      },
    ],
  });

  replace(
    container,
    pageHeader('Kế hoạch', 'Kế hoạch đã nhập: mỗi nhiệm vụ của kế hoạch được giao cho cơ quan khi kế hoạch được ban hành.'),
    section(`Danh sách kế hoạch (${plans.length})`, table),
    isCoordinator
      ? section(
          'Nhập kế hoạch từ tệp',
          h('p', {}, 'Chỉ có văn bản đã ký (.docx, PDF)? ', h('a', { href: '#/ke-hoach/du-thao' }, 'Lập dự thảo từ văn bản'), ' để đối chiếu, sửa rồi nhập.'),
          importForm(ctx, rerender),
        )
      : null,
  );
}

/** When the plan was issued (and closed); for the coordinator, the button that issues it, then the form that closes it. */
function issueCell(plan, isCoordinator, ctx, rerender) {
  const closed = plan.closedAt ? h('span', { class: 'muted small block', dataset: { closed: '' } }, `Đã kết thúc ${formatDateTime(plan.closedAt)}`) : null;
  if (plan.issuedAt) {
    return h(
      'span',
      {},
      formatDateTime(plan.issuedAt),
      h('span', { class: 'muted small block' }, `${formatNumber(plan.issuedTaskCount)} nhiệm vụ đã giao`),
      closed ?? (isCoordinator ? closeForm(plan, ctx, rerender) : null),
    );
  }
  if (closed) return closed;
  if (!isCoordinator) return h('span', { class: 'muted' }, 'Chưa ban hành');
  return commandForm({
    class: 'inline-form',
    label: `Ban hành ${plan.code}`,
    submitLabel: 'Ban hành',
    submitClass: 'button--primary button--small',
    onSubmit: ({ key }) => api(`/plans/${plan.id}/issue`, { method: 'POST', idempotencyKey: key }),
    onSuccess: async (result) => {
      ctx.flash(`Đã ban hành ${plan.code}: giao ${formatNumber(result.issued)} nhiệm vụ${result.alreadyRunning ? `, ${formatNumber(result.alreadyRunning)} đã giao trước đó` : ''}.`);
      await rerender();
    },
  });
}

/** Closing stops the plan's periodic reporting rounds; behind a disclosure, with the reason, so that no stray click ends a plan. */
function closeForm(plan, ctx, rerender) {
  return h(
    'details',
    { class: 'small' },
    h('summary', {}, 'Kết thúc kế hoạch'),
    commandForm({
      label: `Kết thúc ${plan.code}`,
      submitLabel: 'Kết thúc',
      submitClass: 'button--small',
      children: [field({ name: 'reason', label: 'Lý do (không bắt buộc)', type: 'text' })],
      onSubmit: ({ key, values }) => api(`/plans/${plan.id}/close`, { method: 'POST', idempotencyKey: key, body: values.reason ? { reason: values.reason } : {} }),
      onSuccess: async () => {
        ctx.flash(`Đã kết thúc kế hoạch ${plan.code}: không mở thêm đợt báo cáo định kỳ.`);
        await rerender();
      },
    }),
  );
}

function importForm(ctx, rerender) {
  return commandForm({
    class: 'import-plan',
    label: 'Nhập kế hoạch',
    submitLabel: 'Nhập kế hoạch',
    children: [
      field({ name: 'file', label: 'Tệp kế hoạch (YAML hoặc JSON)', type: 'file', required: true, attrs: { accept: '.yaml,.yml,.json,application/json,application/yaml' } }),
      field({ name: 'year', label: 'Năm áp dụng', type: 'number', hint: 'Không bắt buộc: nhập kế hoạch mẫu cho một năm khác.', attrs: { min: 2000, max: 2100, step: 1 } }),
    ],
    onSubmit: async ({ key, values, form: element }) => {
      const file = element.querySelector('input[type=file]').files[0];
      if (!file) throw new ApiError(400, { message: 'Chưa chọn tệp.', details: [{ path: 'file', message: 'Vui lòng chọn tệp kế hoạch.' }] });
      const isJson = /\.json$/i.test(file.name) || file.type === 'application/json';
      return api('/plans', {
        method: 'POST',
        idempotencyKey: key,
        query: { year: values.year },
        rawBody: await file.text(),
        contentType: isJson ? 'application/json' : 'application/yaml',
      });
    },
    onSuccess: async (answer) => {
      ctx.flash(`Đã nhập kế hoạch ${answer.code}: ${formatNumber(answer.taskCount)} nhiệm vụ, ${formatNumber(answer.indicatorCount)} chỉ tiêu.`);
      await rerender();
      if (answer.warnings?.length) {
        ctx.flash(`Đã nhập kế hoạch ${answer.code} với ${answer.warnings.length} cảnh báo: ${answer.warnings.map((w) => w.message).join(' ')}`, 'warning');
      }
    },
  });
}

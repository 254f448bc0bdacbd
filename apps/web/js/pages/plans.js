import { api, ApiError, isMissingRoute } from '../api.js';
import { h, replace } from '../dom.js';
import { formatDate, formatDateTime, formatNumber } from '../format.js';
import { commandForm, field } from '../forms.js';
import { notice, pageHeader, section, tableWrap } from '../components.js';

/** Plans (`GET /api/plans`); the coordinator imports a plan file and issues it. */
export async function renderPlans(container, ctx) {
  const { session } = ctx;
  let plans;
  try {
    plans = (await api('/plans')).items;
  } catch (error) {
    if (!isMissingRoute(error)) throw error;
    replace(container, pageHeader('Kế hoạch'), notice('info', h('p', {}, 'Máy chủ này chưa có chức năng kế hoạch (GET /api/plans).')));
    return;
  }
  const isCoordinator = session.role === 'coordinator';
  const rerender = () => renderPlans(container, ctx);

  const table = plans.length
    ? tableWrap(
        h(
          'table',
          { class: 'table plan-table' },
          h('caption', { class: 'visually-hidden' }, 'Kế hoạch đã nhập'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'Kế hoạch'),
              h('th', { scope: 'col', class: 'num' }, 'Năm'),
              h('th', { scope: 'col', class: 'num' }, 'Nhiệm vụ'),
              h('th', { scope: 'col', class: 'num' }, 'Chỉ tiêu'),
              h('th', { scope: 'col' }, 'Ban hành'),
              h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Xem')),
            ),
          ),
          h(
            'tbody',
            {},
            plans.map((plan) =>
              h(
                'tr',
                { dataset: { planId: plan.id } },
                h(
                  'td',
                  {},
                  h('strong', {}, plan.code),
                  h('span', { class: 'block' }, plan.title),
                  h('span', { class: 'muted small block' }, [plan.number, plan.issuer, plan.issuedDate ? `ngày ${formatDate(plan.issuedDate)}` : null].filter(Boolean).join(' · ')),
                  plan.warningCount ? h('span', { class: 'muted small block' }, `${plan.warningCount} cảnh báo khi nhập`) : null,
                ),
                h('td', { class: 'num' }, plan.year),
                h('td', { class: 'num' }, formatNumber(plan.taskCount), plan.agencyTaskCount !== plan.taskCount ? h('span', { class: 'muted small block' }, `${formatNumber(plan.agencyTaskCount)} lượt cơ quan`) : null),
                h('td', { class: 'num' }, formatNumber(plan.indicatorCount)),
                h(
                  'td',
                  {},
                  plan.issuedAt
                    ? h('span', {}, formatDateTime(plan.issuedAt), h('span', { class: 'muted small block' }, `${formatNumber(plan.issuedTaskCount)} nhiệm vụ đã giao`))
                    : isCoordinator
                      ? commandForm({
                          class: 'inline-form',
                          label: `Ban hành ${plan.code}`,
                          submitLabel: 'Ban hành',
                          submitClass: 'button--primary button--small',
                          onSubmit: ({ key }) => api(`/plans/${plan.id}/issue`, { method: 'POST', idempotencyKey: key }),
                          onSuccess: async (result) => {
                            ctx.flash(`Đã ban hành ${plan.code}: giao ${formatNumber(result.issued)} nhiệm vụ${result.alreadyRunning ? `, ${formatNumber(result.alreadyRunning)} đã giao trước đó` : ''}.`);
                            await rerender();
                          },
                        })
                      : h('span', { class: 'muted' }, 'Chưa ban hành'),
                ),
                h(
                  'td',
                  { class: 'nowrap' },
                  h('a', { href: `#/dieu-phoi?planId=${plan.id}` }, 'Nhiệm vụ'),
                  ' · ',
                  h('a', { href: `#/lanh-dao?planId=${plan.id}` }, 'Tổng quan'),
                  ' · ',
                  h('a', { href: `#/bao-cao?planId=${plan.id}` }, 'Báo cáo'),
                ),
              ),
            ),
          ),
        ),
        'Kế hoạch',
      )
    : h('p', { class: 'muted' }, 'Chưa có kế hoạch nào.');

  replace(
    container,
    pageHeader('Kế hoạch', 'Kế hoạch đã nhập: mỗi nhiệm vụ của kế hoạch được giao cho cơ quan khi kế hoạch được ban hành.'),
    section(`Danh sách kế hoạch (${plans.length})`, table),
    isCoordinator ? section('Nhập kế hoạch từ tệp', importForm(ctx, rerender)) : null,
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

import { api, ApiError } from '../api.js';
import { h, replace } from '../dom.js';
import { loadDirectory } from '../directory.js';
import { dueFromDate, formatNumber, toDateInput } from '../format.js';
import { checkboxGroup, commandForm, dueField, field } from '../forms.js';
import { dataTable, escalationSummary, pageHeader, planOptions, planPicker, section, titleCell } from '../components.js';
import { dueLine, roundBadge, roundKindLabel } from '../round-parts.js';

/** Reporting rounds: all of them (coordinator, leader) or per plan (`?planId=`); an agency's own. */
export async function renderRounds(container, ctx) {
  const { session, query, navigate } = ctx;
  const isAgency = session.role === 'agency';
  const isCoordinator = session.role === 'coordinator';
  const planId = isAgency ? '' : (query.get('planId') ?? '');
  const [directory, list, plans] = await Promise.all([
    loadDirectory(),
    planId ? api(`/plans/${encodeURIComponent(planId)}/reporting-rounds`) : api('/reporting-rounds'),
    isAgency ? null : api('/plans').then((answer) => answer.items),
  ]);
  const rounds = list.items;
  const plan = plans?.find((candidate) => candidate.id === planId);

  const table = dataTable({
    rows: rounds,
    class: 'round-table',
    caption: 'Đợt báo cáo, hạn muộn nhất trước',
    label: 'Đợt báo cáo',
    empty: isAgency ? 'Cơ quan chưa được yêu cầu báo cáo đợt nào.' : 'Chưa có đợt báo cáo nào.',
    rowAttrs: (round) => ({ dataset: { roundId: round.id } }),
    columns: [
      {
        heading: 'Đợt báo cáo',
        class: 'task-table__title',
        cell: (round) => titleCell(`#/bao-cao/${round.id}`, round.title, `${round.planCode} · ${roundKindLabel(round.kind)}`),
      },
      { heading: 'Hạn báo cáo', cell: dueLine },
      {
        heading: 'Tình trạng',
        class: 'badges',
        cell: (round) => [roundBadge(round.status), round.escalationLevel ? h('span', { class: 'block' }, escalationSummary(round.escalationLevel, round.escalatedTo)) : null],
      },
      { heading: 'Đã báo cáo', class: 'num', cell: (round) => `${formatNumber(reportedCount(round))}/${formatNumber(round.counts.total)}` },
      {
        heading: 'Chưa báo cáo',
        class: 'num',
        cell: (round) => [
          formatNumber(round.counts.total - reportedCount(round)),
          round.counts.late ? h('span', { class: 'overdue-note block' }, `${formatNumber(round.counts.late)} quá hạn`) : null,
        ],
      },
    ],
  });

  replace(
    container,
    pageHeader(
      'Báo cáo định kỳ',
      isAgency
        ? `Các đợt báo cáo ${directory.name(session.agency)} phải gửi: gửi báo cáo, số liệu chỉ tiêu và điều chỉnh cho đến khi đợt báo cáo kết thúc.`
        : 'Các đợt báo cáo kết quả thực hiện kế hoạch: cơ quan đã báo cáo, cơ quan chưa báo cáo, báo cáo tổng hợp.',
      planPicker(plans, planId, {
        id: 'round-plan-filter',
        allLabel: 'Tất cả kế hoạch',
        navigate,
        href: (id) => (id ? `#/bao-cao?planId=${encodeURIComponent(id)}` : '#/bao-cao'),
      }),
    ),
    section(plan ? `Đợt báo cáo của ${plan.code} (${rounds.length})` : `Đợt báo cáo (${rounds.length})`, table),
    isCoordinator && plans?.length ? section('Mở đợt báo cáo mới', openRoundForm(ctx, directory, plans, planId)) : null,
  );
}

const reportedCount = (round) => (round.counts.submitted ?? 0) + (round.counts.submitted_late ?? 0);

/** `POST /api/plans/:id/reporting-rounds {dueAt, participants?}` */
function openRoundForm(ctx, directory, plans, planId) {
  const groupOptions = directory.groups.map((group) => ({ value: group.code, label: `${group.name} (${group.code}, ${group.members.length} cơ quan)` }));
  return commandForm({
    class: 'open-round',
    label: 'Mở đợt báo cáo mới',
    description: 'Các cơ quan tham gia được thông báo ngay; hệ thống nhắc hạn, ghi nhận cơ quan quá hạn và báo cáo lên cấp trên theo quy định.',
    submitLabel: 'Mở đợt báo cáo',
    children: [
      h(
        'div',
        { class: 'form-row' },
        field({
          name: 'planId',
          label: 'Kế hoạch',
          type: 'select',
          required: true,
          value: planId,
          options: [{ value: '', label: '— Chọn kế hoạch —' }, ...planOptions(plans)],
        }),
        dueField({ name: 'dueAt', label: 'Hạn báo cáo', min: toDateInput(Date.now()), hint: '“Trước ngày này”: hạn là 0 giờ của ngày đã chọn, như “trước ngày 10/12”.' }),
      ),
      h(
        'details',
        { class: 'coordinating' },
        h('summary', {}, 'Cơ quan phải báo cáo (không bắt buộc)'),
        checkboxGroup({
          name: 'participants',
          label: 'Cơ quan phải báo cáo',
          hint: 'Để trống: mọi cơ quan chủ trì nhiệm vụ của kế hoạch (từng quận, huyện), cơ quan báo cáo chỉ tiêu và cơ quan kế hoạch nêu ở phần báo cáo.',
          options: [...groupOptions, ...directory.options()],
          class: 'checkbox-group--scroll',
          searchable: true,
        }),
      ),
    ],
    onSubmit: ({ key, values }) => {
      if (!values.planId) throw new ApiError(400, { message: 'Chưa chọn kế hoạch.', details: [{ path: 'planId', message: 'Vui lòng chọn kế hoạch.' }] });
      return api(`/plans/${encodeURIComponent(values.planId)}/reporting-rounds`, {
        method: 'POST',
        idempotencyKey: key,
        body: {
          dueAt: dueFromDate(values.dueAtDate, values.dueAtRule),
          ...(values.participants?.length ? { participants: values.participants } : {}),
        },
      });
    },
    onSuccess: (round) => {
      ctx.flash(`Đã mở đợt báo cáo, hạn ${round.dueText}: ${formatNumber(round.participants.length)} cơ quan phải báo cáo.`, 'success', { next: true });
      ctx.navigate(`#/bao-cao/${round.id}`);
    },
  });
}

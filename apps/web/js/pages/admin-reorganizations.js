import { api } from '../api.js';
import { forgetDirectory, loadDirectory } from '../directory.js';
import { h, replace } from '../dom.js';
import { formatDate, formatDateTime, formatNumber } from '../format.js';
import { commandForm, field } from '../forms.js';
import { dataTable, errorNotice, loading, notice, pageHeader, section } from '../components.js';

const STATUS_TEXT = { scheduled: 'Chờ đến ngày hiệu lực', applied: 'Đã áp dụng', cancelled: 'Đã hủy' };

/** What the admin starts from: the shape of a request, in YAML as data/reorganizations writes it. */
const EXAMPLE = `effectiveDate: 2025-07-01
title: Sắp xếp đơn vị hành chính
legalBasis: Nghị quyết số 1656/NQ-UBTVQH15
changes:
  - { kind: create, code: SNNMT, name: Sở Nông nghiệp và Môi trường, agencyKind: department }
  - { kind: merge, from: [STNMT, SNNPTNT], into: SNNMT }
  - { kind: create, code: P-BA-DINH, name: Ủy ban nhân dân phường Ba Đình, agencyKind: district, groups: [COMMUNES] }
  - { kind: abolish, code: UBND-BA-DINH, successors: [P-BA-DINH], openTasksTo: P-BA-DINH }
`;

/**
 * Admin: reorganisations of the directory (issue 11). The list with the future ones cancellable; a request
 * composed or uploaded (JSON or YAML), dry-run first — what would move is shown — and only then applied.
 */
export async function renderReorganizations(container, ctx) {
  const list = h('div', {}, loading());
  const load = async () => {
    try {
      replace(list, reorganizationTable(await api('/agencies/reorganizations'), ctx, load));
    } catch (error) {
      replace(list, errorNotice(error));
    }
  };
  replace(
    container,
    pageHeader('Sắp xếp tổ chức bộ máy', 'Hợp nhất, đổi tên, giải thể cơ quan: nhiệm vụ đang thực hiện chuyển sang cơ quan kế thừa và giữ nguyên lịch sử.', h('a', { href: '#/quan-tri', class: 'button button--secondary' }, 'Về trang quản trị')),
    section('Các đợt sắp xếp', list),
    section('Soạn đợt sắp xếp mới', composer(ctx, load)),
  );
  await load();
}

function reorganizationTable(reorganizations, ctx, reload) {
  return dataTable({
    rows: reorganizations,
    caption: 'Các đợt sắp xếp',
    class: 'reorganizations-table',
    rowAttrs: (item) => ({ dataset: { id: item.id, status: item.status } }),
    columns: [
      { heading: 'Ngày hiệu lực', class: 'nowrap', cell: (item) => formatDate(item.effectiveDate) },
      { heading: 'Tên đợt', rowHeader: true, cell: (item) => [item.title, item.legalBasis ? h('span', { class: 'muted small block' }, item.legalBasis) : null] },
      { heading: 'Thay đổi', cell: (item) => changeSummary(item.changes) },
      { heading: 'Trạng thái', cell: (item) => [STATUS_TEXT[item.status] ?? item.status, item.appliedAt ? h('span', { class: 'muted small block' }, formatDateTime(item.appliedAt)) : null] },
      { heading: 'Nhiệm vụ đã chuyển', cell: (item) => (item.status === 'applied' ? formatNumber(item.movedTasks) : '—') },
      {
        heading: 'Thao tác',
        cell: (item) =>
          item.status === 'scheduled'
            ? commandForm({
                class: 'inline-form',
                label: `Hủy đợt ${item.title}`,
                submitLabel: 'Hủy đợt này',
                submitClass: 'button--secondary button--small',
                onSubmit: () => api(`/agencies/reorganizations/${encodeURIComponent(item.id)}`, { method: 'DELETE' }),
                onSuccess: async () => {
                  ctx.flash(`Đã hủy đợt sắp xếp "${item.title}".`);
                  await reload();
                },
              })
            : null,
      },
    ],
    empty: 'Chưa có đợt sắp xếp nào.',
  });
}

/** "2 hợp nhất, 1 giải thể, 3 thành lập". */
function changeSummary(changes) {
  const names = { create: 'thành lập', rename: 'đổi tên', merge: 'hợp nhất', abolish: 'giải thể' };
  const counts = new Map();
  for (const change of changes ?? []) counts.set(change.kind, (counts.get(change.kind) ?? 0) + 1);
  return [...counts.entries()].map(([kind, count]) => `${count} ${names[kind] ?? kind}`).join(', ') || '—';
}

/**
 * The request as text (typed, or read from a chosen file), the dry run and its result; the button that
 * applies appears with the result of a dry run of exactly that text, and goes when the text changes.
 */
function composer(ctx, reload) {
  const result = h('div', { class: 'reorganization-dry-run', 'aria-live': 'polite' });
  let checkedText = null;
  const form = commandForm({
    class: 'reorganization-form',
    label: 'Chạy thử đợt sắp xếp',
    description: 'Dán hoặc chọn tệp JSON/YAML (như data/reorganizations/hanoi-2025.yaml). Chạy thử để xem nhiệm vụ nào sẽ chuyển trước khi áp dụng; khi chạy thử không có gì thay đổi.',
    submitLabel: 'Chạy thử',
    children: [
      field({ name: 'file', label: 'Tệp (JSON hoặc YAML)', type: 'file', attrs: { accept: '.yaml,.yml,.json,application/json,application/yaml' } }),
      field({ name: 'text', label: 'Nội dung đợt sắp xếp', type: 'textarea', required: true, rows: 14, value: EXAMPLE, attrs: { class: 'mono', spellcheck: 'false' } }),
    ],
    onSubmit: async ({ key, values }) => {
      const answer = await send(values.text, { dryRun: true, key });
      return { answer, text: values.text };
    },
    onSuccess: ({ answer, text }) => {
      checkedText = text;
      replace(result, dryRunResult(answer, text, ctx, reload, () => replace(result)));
    },
  });
  const textArea = form.querySelector('textarea[name=text]');
  form.querySelector('input[type=file]').addEventListener('change', async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    textArea.value = await file.text();
    textArea.dispatchEvent(new window.Event('input', { bubbles: true }));
  });
  // A changed request must be dry-run again before it can be applied.
  textArea.addEventListener('input', () => {
    if (checkedText !== null && textArea.value.trim() !== checkedText) {
      checkedText = null;
      replace(result, notice('info', h('p', {}, 'Nội dung đã thay đổi: chạy thử lại trước khi áp dụng.')));
    }
  });
  return h('div', {}, form, result);
}

/** POSTs the request text: JSON as JSON, anything else as YAML. */
function send(text, { dryRun, key }) {
  const isJson = /^\s*[{[]/.test(text);
  return api('/agencies/reorganizations', {
    method: 'POST',
    idempotencyKey: key,
    query: dryRun ? { dryRun: true } : undefined,
    rawBody: text,
    contentType: isJson ? 'application/json' : 'application/yaml',
  });
}

function dryRunResult(answer, text, ctx, reload, clear) {
  const moves = answer.moves ?? [];
  return h(
    'div',
    {},
    notice(
      'info',
      h('p', {}, `Chạy thử (chưa thay đổi gì): đợt sắp xếp hiệu lực từ ${formatDate(answer.effectiveDate)} sẽ chuyển ${formatNumber(answer.movedTasks)} nhiệm vụ đang thực hiện.`),
    ),
    dataTable({
      rows: moves,
      caption: 'Nhiệm vụ sẽ chuyển',
      class: 'reorganization-moves',
      columns: [
        { heading: 'Nhiệm vụ', rowHeader: true, cell: (move) => h('a', { href: `#/nhiem-vu/${move.taskId}` }, move.title) },
        { heading: 'Từ', attrs: () => ({ class: 'mono' }), cell: (move) => move.from },
        { heading: 'Sang', attrs: () => ({ class: 'mono' }), cell: (move) => move.to },
        { heading: 'Phối hợp', attrs: () => ({ class: 'mono' }), cell: (move) => move.coordinatingAgencies.join(', ') || '—' },
      ],
      empty: 'Không có nhiệm vụ đang thực hiện nào phải chuyển.',
    }),
    commandForm({
      class: 'reorganization-apply',
      label: 'Áp dụng đợt sắp xếp',
      submitLabel: 'Áp dụng đợt sắp xếp',
      onSubmit: ({ key }) => send(text, { dryRun: false, key }),
      onSuccess: async (applied) => {
        clear();
        // The directory the other pages read has changed (or will, on the effective date).
        forgetDirectory();
        ctx.flash(
          applied.applied
            ? `Đã áp dụng đợt sắp xếp: chuyển ${formatNumber(applied.movedTasks)} nhiệm vụ sang cơ quan kế thừa.`
            : `Đã lên lịch đợt sắp xếp: áp dụng lúc 00:00 ngày ${formatDate(applied.effectiveDate)}; có thể hủy trước thời điểm đó.`,
        );
        await loadDirectory().catch(() => undefined);
        await reload();
      },
    }),
  );
}

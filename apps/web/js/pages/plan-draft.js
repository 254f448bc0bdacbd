import { api, ApiError } from '../api.js';
import { h, replace } from '../dom.js';
import { loadDirectory } from '../directory.js';
import { formatNumber } from '../format.js';
import { commandForm, field } from '../forms.js';
import { label } from '../labels.js';
import { dataTable, notice, pageHeader, section } from '../components.js';

/** Target kinds that carry one `value` (the others carry `min`/`max`). */
const VALUE_KINDS = ['at_least', 'at_most', 'exact', 'greater_than', 'less_than', 'approx'];
const DOCUMENT_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  txt: 'text/plain',
};

/**
 * The coordinator's review of a plan drafted from its signed document (`POST /api/plans/drafts`):
 * the document's text beside the draft, each item linked to its passage; the agencies, dates and
 * targets are corrected here, then imported (`POST /api/plans`) and issued.
 */
export async function renderPlanDraft(container, ctx) {
  const directory = await loadDirectory();
  replace(
    container,
    pageHeader('Dự thảo kế hoạch từ văn bản', 'Tải lên văn bản kế hoạch đã ký (.docx, PDF hoặc văn bản thuần): hệ thống lập dự thảo để đối chiếu, sửa rồi nhập.'),
    section('Tải văn bản lên', uploadForm((draft) => renderReview(container, ctx, directory, draft))),
  );
}

function uploadForm(onDraft) {
  return commandForm({
    class: 'draft-upload',
    label: 'Lập dự thảo từ văn bản',
    submitLabel: 'Lập dự thảo',
    children: [
      field({ name: 'file', label: 'Văn bản kế hoạch (.docx, .pdf, .txt)', type: 'file', required: true, attrs: { accept: '.docx,.pdf,.txt,' + Object.values(DOCUMENT_TYPES).join(',') } }),
      field({ name: 'year', label: 'Năm áp dụng', type: 'number', hint: 'Không bắt buộc: lập dự thảo cho một năm khác năm của văn bản.', attrs: { min: 2000, max: 2100, step: 1 } }),
    ],
    onSubmit: async ({ key, values, form }) => {
      const file = form.querySelector('input[type=file]').files[0];
      if (!file) throw new ApiError(400, { message: 'Chưa chọn tệp.', details: [{ path: 'file', message: 'Vui lòng chọn văn bản kế hoạch.' }] });
      const extension = /\.(\w+)$/.exec(file.name)?.[1]?.toLowerCase();
      return api('/plans/drafts', {
        method: 'POST',
        idempotencyKey: key,
        query: { year: values.year },
        rawBody: file,
        contentType: file.type || DOCUMENT_TYPES[extension] || 'application/octet-stream',
      });
    },
    onSuccess: onDraft,
  });
}

/** The document's lines, each addressable (`#dong-N`) so that a draft item can show its passage. */
function sourcePane(text) {
  return h(
    'ol',
    { class: 'draft-source', 'aria-label': 'Văn bản gốc' },
    text.split('\n').map((line, index) => h('li', { id: `dong-${index + 1}`, class: 'draft-source__line', dataset: { line: index + 1 } }, line || '\u00a0')),
  );
}

/** Scrolls the document to `line` and highlights the passage there. */
function showPassage(pane, line) {
  for (const marked of pane.querySelectorAll('.draft-source__line--current')) marked.classList.remove('draft-source__line--current');
  const target = pane.querySelector(`#dong-${line}`);
  if (!target) return;
  target.classList.add('draft-source__line--current');
  target.scrollIntoView({ block: 'center' });
}

function renderReview(container, ctx, directory, draft) {
  const { plan, sources, warnings, document: doc, text } = draft;
  const sourceOf = new Map(sources.map((source) => [source.path, source]));
  const pane = sourcePane(text);
  const passageButton = (path) => {
    const source = sourceOf.get(path);
    if (!source) return null;
    return h(
      'button',
      { type: 'button', class: 'button button--small button--link', title: source.text, onclick: () => showPassage(pane, source.line), dataset: { line: source.line } },
      `Dòng ${source.line}`,
    );
  };
  // The agencies and groups the draft declares itself (e.g. "các Sở, ban, ngành" as a group) come first.
  const agencyOptions = [
    ...(plan.groups ?? []).map((group) => ({ value: group.code, label: `${group.name} (nhóm ${group.code}, theo văn bản)` })),
    ...(plan.agencies ?? []).map((agency) => ({ value: agency.code, label: `${agency.name} (${agency.code}, theo văn bản)` })),
    ...directory.groups.map((group) => ({ value: group.code, label: `${group.name} (nhóm ${group.code})` })),
    ...directory.options(),
  ];
  const withCurrent = (code) => (agencyOptions.some((option) => option.value === code) ? agencyOptions : [{ value: code, label: `${code} (không có trong danh bạ)` }, ...agencyOptions]);
  const warningsOf = (path) => warnings.filter((warning) => warning.path === path || warning.path?.startsWith(`${path}.`));

  const taskRows = plan.tasks.map((task, index) => ({ task, index, path: `tasks[${index}]` }));
  const taskTable = dataTable({
    rows: taskRows,
    class: 'draft-tasks',
    caption: 'Nhiệm vụ của dự thảo',
    rowAttrs: ({ index }) => ({ dataset: { task: index } }),
    columns: [
      { heading: 'Mục', cell: ({ task }) => task.ref },
      {
        heading: 'Nhiệm vụ',
        cell: ({ task, path }) => [
          h('span', { class: 'block' }, task.title),
          ...warningsOf(path).map((warning) => h('span', { class: 'block small draft-warning' }, warning.message)),
        ],
      },
      {
        heading: 'Cơ quan chủ trì',
        cell: ({ task, path }) =>
          field({ name: `${path}.leadAgency`, label: `Cơ quan chủ trì mục ${task.ref}`, type: 'select', searchable: true, value: task.leadAgency, options: withCurrent(task.leadAgency), class: 'field--compact' }),
      },
      {
        heading: 'Hạn',
        cell: ({ task, path }) =>
          task.due === 'reporting'
            ? h('span', {}, 'Hạn báo cáo của kế hoạch')
            : [
                field({ name: `${path}.due.date`, label: `Hạn mục ${task.ref}`, type: 'date', value: task.due?.date, class: 'field--compact', errorPath: `${path}.due` }),
                task.due?.assumed ? h('span', { class: 'tag tag--assumed small', dataset: { assumed: '' } }, label('due', 'assumed')) : null,
              ],
      },
      { heading: 'Nguồn', class: 'nowrap', cell: ({ path }) => [passageButton(path), h('span', { class: 'small muted block' }, confidence(sourceOf.get(path)))] },
    ],
  });

  const indicatorRows = (plan.indicators ?? []).map((indicator, index) => ({ indicator, index, path: `indicators[${index}]` }));
  const indicatorTable = indicatorRows.length
    ? dataTable({
        rows: indicatorRows,
        class: 'draft-indicators',
        caption: 'Chỉ tiêu của dự thảo',
        columns: [
          { heading: 'Chỉ tiêu', cell: ({ indicator, path }) => [h('span', { class: 'block' }, indicator.name), ...warningsOf(path).map((warning) => h('span', { class: 'block small draft-warning' }, warning.message))] },
          { heading: 'Đơn vị', cell: ({ indicator }) => indicator.unit ?? '' },
          { heading: 'Mục tiêu', cell: ({ indicator, path }) => targetFields(indicator, path) },
          { heading: 'Nguồn', class: 'nowrap', cell: ({ path }) => passageButton(path) },
        ],
      })
    : h('p', { class: 'muted' }, 'Văn bản không có chỉ tiêu nào được nhận ra.');

  const result = h('div', { class: 'draft-result' });
  const importForm = commandForm({
    class: 'draft-import',
    label: 'Nhập kế hoạch từ dự thảo',
    submitLabel: 'Nhập kế hoạch',
    children: [
      h(
        'div',
        { class: 'form-row' },
        field({ name: 'code', label: 'Mã kế hoạch', required: true, value: plan.code, attrs: { maxlength: 64 } }),
        field({ name: 'title', label: 'Tên kế hoạch', required: true, value: plan.title, attrs: { maxlength: 500 } }),
      ),
      warnings.some((warning) => !warning.path?.startsWith('tasks[') && !warning.path?.startsWith('indicators['))
        ? notice('warning', h('ul', {}, warnings.filter((warning) => !warning.path?.startsWith('tasks[') && !warning.path?.startsWith('indicators[')).map((warning) => h('li', {}, warning.message))))
        : null,
      h('h3', {}, `Nhiệm vụ (${formatNumber(plan.tasks.length)})`),
      taskTable,
      h('h3', {}, `Chỉ tiêu (${formatNumber(indicatorRows.length)})`),
      indicatorTable,
    ],
    onSubmit: ({ key, values }) => api('/plans', { method: 'POST', idempotencyKey: key, body: correctedPlan(plan, values) }),
    onSuccess: (answer) => {
      replace(result, importedPanel(answer, ctx));
      result.scrollIntoView({ block: 'center' });
    },
  });

  replace(
    container,
    pageHeader('Dự thảo kế hoạch từ văn bản', `${doc.fileName ?? 'Văn bản'}: ${formatNumber(plan.tasks.length)} nhiệm vụ, ${formatNumber(indicatorRows.length)} chỉ tiêu, ${formatNumber(warnings.length)} cảnh báo. Bấm “Dòng …” để xem đoạn văn bản của mục.`),
    h(
      'div',
      { class: 'draft-review' },
      h('section', { class: 'draft-review__source', 'aria-label': 'Văn bản gốc' }, h('h2', {}, 'Văn bản gốc'), pane),
      h('section', { class: 'draft-review__draft', 'aria-label': 'Dự thảo' }, h('h2', {}, 'Dự thảo'), importForm, result),
    ),
  );
}

function confidence(source) {
  return source ? `độ tin cậy ${Math.round(source.confidence * 100)}%` : '';
}

/** The target's kind and value(s) as editable fields named by their path in the plan file. */
function targetFields(indicator, path) {
  const target = indicator.target ?? {};
  if (VALUE_KINDS.includes(target.kind)) {
    return h(
      'div',
      { class: 'target-fields' },
      field({
        name: `${path}.target.kind`,
        label: 'Loại',
        type: 'select',
        value: target.kind,
        options: VALUE_KINDS.map((kind) => ({ value: kind, label: label('targetKind', kind) })),
        class: 'field--compact',
      }),
      field({ name: `${path}.target.value`, label: 'Giá trị', type: 'number', value: target.value, attrs: { step: 'any' }, class: 'field--compact' }),
    );
  }
  return h(
    'div',
    { class: 'target-fields' },
    h('span', { class: 'small' }, label('targetKind', target.kind)),
    'min' in target ? field({ name: `${path}.target.min`, label: 'Từ', type: 'number', value: target.min, attrs: { step: 'any' }, class: 'field--compact' }) : null,
    'max' in target ? field({ name: `${path}.target.max`, label: 'Đến', type: 'number', value: target.max, attrs: { step: 'any' }, class: 'field--compact' }) : null,
  );
}

/** The drafted plan file with the coordinator's corrections (form values named by their path in it). */
function correctedPlan(plan, values) {
  const corrected = JSON.parse(JSON.stringify(plan));
  corrected.code = values.code;
  corrected.title = values.title;
  for (const [name, value] of Object.entries(values)) {
    const match = /^(tasks|indicators)\[(\d+)\]\.(.+)$/.exec(name);
    if (!match) continue;
    const item = corrected[match[1]][Number(match[2])];
    const field = match[3];
    if (field === 'leadAgency') item.leadAgency = value;
    else if (field === 'due.date') {
      if (!value) continue;
      // A date the coordinator changes is no longer the drafter's assumption.
      if (value !== item.due?.date) item.due = { ...item.due, date: value, assumed: undefined };
    } else if (field === 'target.kind') {
      item.target = { ...item.target, kind: value };
      if (value !== 'approx') delete item.target.tolerancePercent;
    }
    else if (field.startsWith('target.')) item.target = { ...item.target, [field.slice('target.'.length)]: value === '' ? undefined : Number(value) };
  }
  return JSON.parse(JSON.stringify(corrected));
}

/** After the import: its warnings, and the button that issues the plan. */
function importedPanel(answer, ctx) {
  return h(
    'div',
    { class: 'draft-imported' },
    notice(
      answer.warnings?.length ? 'warning' : 'info',
      h('p', {}, `Đã nhập kế hoạch ${answer.code}: ${formatNumber(answer.taskCount)} nhiệm vụ, ${formatNumber(answer.indicatorCount)} chỉ tiêu.`),
      answer.warnings?.length ? h('ul', { class: 'draft-imported__warnings' }, answer.warnings.map((warning) => h('li', {}, warning.message))) : null,
    ),
    commandForm({
      class: 'inline-form',
      label: `Ban hành ${answer.code}`,
      submitLabel: 'Ban hành kế hoạch',
      onSubmit: ({ key }) => api(`/plans/${answer.id}/issue`, { method: 'POST', idempotencyKey: key }),
      onSuccess: (issued) => {
        ctx.flash(`Đã ban hành ${answer.code}: giao ${formatNumber(issued.issued)} nhiệm vụ.`, 'success', { next: true });
        ctx.navigate('#/ke-hoach');
      },
    }),
  );
}

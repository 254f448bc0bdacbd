import { api, ApiError } from '../api.js';
import { h } from '../dom.js';
import { formatDateTime, formatNumber } from '../format.js';
import { commandForm, field } from '../forms.js';
import { notice, section } from '../components.js';
import { participantBadge, reportVersion } from '../round-parts.js';

/** The agency's side of a round: its status, its report (send or amend) and the versions it sent. */
export function roundReportPanels(round, versions, session, name, reload) {
  const own = round.participants.find((participant) => participant.agency === session.agency);
  const panels = [];
  const pastDue = Date.parse(round.dueAt) <= Date.now();
  if (own) {
    panels.push(
      notice(
        own.status === 'late' ? 'warning' : 'info',
        h(
          'p',
          { class: 'own-status' },
          `${name(session.agency)}: `,
          participantBadge(own.status),
          own.submittedAt ? ` — gửi lúc ${formatDateTime(own.submittedAt)}` : '',
          own.reportVersion > 1 ? `, đã điều chỉnh ${own.reportVersion - 1} lần (gần nhất ${formatDateTime(own.lastReportedAt)})` : '',
          '.',
        ),
      ),
    );
  }
  if (round.status === 'open') panels.push(reportForm(round, round.ownReport ?? null, pastDue, reload));
  else panels.push(notice('info', h('p', {}, 'Đợt báo cáo đã kết thúc, không nhận thêm báo cáo hay điều chỉnh.')));
  panels.push(
    section(
      `Các lần đã gửi (${formatNumber(versions.length)})`,
      versions.length ? h('div', { class: 'report-versions' }, [...versions].reverse().map(reportVersion)) : h('p', { class: 'muted' }, 'Cơ quan chưa gửi báo cáo trong đợt này.'),
    ),
  );
  return panels;
}

/**
 * `POST /api/reporting-rounds/:id/reports {content, indicatorActuals, attachments}`. Which indicators
 * an agency reports is not in what the API lets it read, so each actual is a row of code and figure
 * (the last report's rows filled in); a wrong code comes back as a 400 shown under that row.
 */
function reportForm(round, ownReport, pastDue, reload) {
  let form;
  const changed = () => form?.dispatchEvent(new window.Event('input', { bubbles: true }));
  const indicators = rowList({
    class: 'indicator-rows',
    path: 'indicatorActuals',
    removeLabel: 'Bỏ chỉ tiêu này',
    onChange: changed,
    fields: (actual) => [
      ['indicator', field({ name: 'indicatorCode', label: 'Mã chỉ tiêu', value: actual?.indicator, class: 'list-row__code', attrs: { maxlength: 128, autocomplete: 'off', spellcheck: 'false', list: 'reportable-indicators' } })],
      ['value', field({ name: 'indicatorValue', label: 'Số liệu thực hiện', type: 'number', value: actual?.value, class: 'list-row__value', attrs: { step: 'any', inputmode: 'decimal' } })],
    ],
  });
  const attachments = rowList({
    class: 'attachment-rows',
    path: 'attachments',
    removeLabel: 'Bỏ tài liệu này',
    onChange: changed,
    fields: (attachment) => [
      ['name', field({ name: 'attachmentName', label: 'Tên tài liệu', value: attachment?.name, class: 'list-row__name', attrs: { maxlength: 500, placeholder: 'Báo cáo số …/BC-UBND ngày …' } })],
      ['url', field({ name: 'attachmentUrl', label: 'Đường dẫn', value: attachment?.url, class: 'list-row__url', attrs: { maxlength: 2000, inputmode: 'url', placeholder: 'https://…' } })],
    ],
  });
  // The indicators this agency is assigned to report, offered as suggestions for the code field.
  indicators.element.append(
    h('datalist', { id: 'reportable-indicators' }, (round.reportableIndicators ?? []).map((indicator) => h('option', { value: indicator.code }, `${indicator.name} (${indicator.unit})`))),
  );
  for (const actual of ownReport?.indicatorActuals ?? []) indicators.add(actual);
  if (!ownReport?.indicatorActuals?.length) indicators.add();
  for (const attachment of ownReport?.attachments ?? []) attachments.add(attachment);

  const title = ownReport ? `Điều chỉnh báo cáo (đang là bản ${ownReport.version})` : 'Gửi báo cáo';
  form = commandForm({
    class: 'action action--round-report',
    label: title,
    description: pastDue
      ? 'Đã quá hạn báo cáo: báo cáo gửi bây giờ vẫn được tiếp nhận và ghi nhận là gửi muộn.'
      : `Hạn gửi: ${round.dueText}. Có thể điều chỉnh báo cáo cho đến khi cơ quan điều phối kết thúc đợt báo cáo.`,
    submitLabel: ownReport ? 'Gửi báo cáo điều chỉnh' : 'Gửi báo cáo',
    children: [
      field({ name: 'content', label: 'Nội dung báo cáo', type: 'textarea', required: true, rows: 7, value: ownReport?.content, hint: 'Kết quả thực hiện, tồn tại, hạn chế, kiến nghị, đề xuất.', attrs: { maxlength: 50000 } }),
      listField({
        path: 'indicatorActuals',
        legend: 'Số liệu chỉ tiêu',
        hint: 'Mỗi dòng một chỉ tiêu được giao: mã chỉ tiêu theo kế hoạch và số liệu thực hiện. Để trống nếu cơ quan không được giao chỉ tiêu nào.',
        list: indicators,
        addLabel: '+ Thêm chỉ tiêu',
      }),
      listField({ path: 'attachments', legend: 'Tài liệu kèm theo', hint: 'Không bắt buộc: tên văn bản và đường dẫn tới tệp.', list: attachments, addLabel: '+ Thêm tài liệu' }),
    ],
    onSubmit: ({ key, values }) => {
      const details = [];
      const missing = (row, name, message) => !row.values[name] && details.push({ path: row.paths[name], message });
      const indicatorActuals = indicators.read().map((row) => {
        missing(row, 'indicator', 'Vui lòng nhập mã chỉ tiêu.');
        missing(row, 'value', 'Vui lòng nhập số liệu thực hiện.');
        return { indicator: row.values.indicator, value: Number(row.values.value) };
      });
      const attachmentList = attachments.read().map((row) => {
        missing(row, 'name', 'Vui lòng nhập tên tài liệu.');
        return { name: row.values.name, ...(row.values.url ? { url: row.values.url } : {}) };
      });
      if (details.length) throw new ApiError(400, { message: 'Chưa gửi được.', details });
      return api(`/reporting-rounds/${round.id}/reports`, {
        method: 'POST',
        idempotencyKey: key,
        body: { content: values.content, indicatorActuals, attachments: attachmentList },
      });
    },
    onSuccess: (answer) => {
      const own = answer.ownReport;
      return reload(own && own.version > 1 ? `Đã gửi báo cáo điều chỉnh (bản ${own.version}).` : 'Đã gửi báo cáo.');
    },
  });
  return h('section', { class: 'card actions', 'aria-labelledby': 'round-report-title' }, h('h2', { class: 'card__title', id: 'round-report-title' }, title), form);
}

/** A fieldset holding a `rowList`, with the button that adds a row; errors on `path` itself show under it. */
function listField({ path, legend, hint, list, addLabel }) {
  return h(
    'fieldset',
    { class: 'field list-field', dataset: { field: path, label: legend } },
    h('legend', {}, legend),
    h('p', { class: 'hint' }, hint),
    list.element,
    h('div', {}, h('button', { type: 'button', class: 'button button--ghost button--small', onclick: () => list.add(undefined, { focus: true }) }, addLabel)),
  );
}

/**
 * Rows of fields the user adds and removes (indicator actuals, attachments). `fields(item)` gives a
 * row's `[key, field]` pairs. `read()` answers the rows filled in, blank ones skipped, as
 * `{values, paths}` by key, and names each field by the path it is sent at (`path[i].key`), so that
 * the API's errors on `indicatorActuals[1].indicator` land under that field.
 */
function rowList({ class: className, path, fields, removeLabel, onChange }) {
  const element = h('div', { class: ['row-list', className] });
  const add = (item, { focus = false } = {}) => {
    const pairs = fields(item);
    const row = h(
      'div',
      { class: 'list-row', dataset: { keys: pairs.map(([key]) => key).join(' ') } },
      pairs.map(([, wrapper]) => wrapper),
      h(
        'button',
        {
          type: 'button',
          class: 'button button--ghost button--small list-row__remove',
          'aria-label': removeLabel,
          title: removeLabel,
          onclick: () => {
            row.remove();
            onChange();
          },
        },
        'Bỏ',
      ),
    );
    element.append(row);
    if (focus) {
      row.querySelector('input')?.focus();
      onChange();
    }
  };
  const read = () => {
    const rows = [];
    for (const row of element.querySelectorAll('.list-row')) {
      const keys = row.dataset.keys.split(' ');
      const wrappers = [...row.querySelectorAll('[data-field]')];
      const values = Object.fromEntries(keys.map((key, i) => [key, wrappers[i].querySelector('input').value.trim()]));
      const blank = keys.every((key) => !values[key]);
      const paths = Object.fromEntries(keys.map((key) => [key, blank ? '' : `${path}[${rows.length}].${key}`]));
      keys.forEach((key, i) => (wrappers[i].dataset.field = paths[key]));
      if (!blank) rows.push({ values, paths });
    }
    return rows;
  };
  return { element, add, read };
}

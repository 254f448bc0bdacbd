import { ApiError, NetworkError, newIdempotencyKey } from './api.js';
import { h, replace, uid } from './dom.js';
import { filterAsTyped } from './search.js';

/**
 * One labelled form control inside `<div class="field" data-field=NAME>`. API errors whose
 * `details[].path` starts with NAME are shown under it. A select with `searchable: true` gets a
 * box above it that narrows its options as the user types (without diacritics, in any case).
 */
export function field(options) {
  const { name, label, type = 'text', required = false, hint, value, options: choices, rows, attrs = {}, searchable = false } = options;
  const id = uid(`f-${name}`);
  const hintId = hint ? `${id}-hint` : undefined;
  let control;
  if (type === 'select') {
    control = h(
      'select',
      { id, name, required, 'aria-describedby': hintId, ...attrs },
      choices.map((choice) => h('option', { value: choice.value, selected: String(choice.value) === String(value ?? '') }, choice.label)),
    );
  } else if (type === 'textarea') {
    control = h('textarea', { id, name, required, rows: rows ?? 3, 'aria-describedby': hintId, ...attrs });
    if (value !== undefined && value !== null) control.value = value;
  } else {
    control = h('input', { id, name, type, required, value: value ?? undefined, 'aria-describedby': hintId, ...attrs });
  }
  return h(
    'div',
    { class: ['field', options.class], dataset: { field: options.errorPath ?? name, label } },
    h('label', { for: id }, label, required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null),
    searchable ? searchBox(control, label) : null,
    control,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
  );
}

/** The box that narrows `list` (a select or a checkbox group's list) as the user types. */
function searchBox(list, label) {
  const input = h('input', {
    type: 'search',
    class: 'picker-search',
    placeholder: 'Gõ để tìm, không cần dấu',
    'aria-label': `Tìm trong ${lower(label)}`,
    autocomplete: 'off',
  });
  filterAsTyped(input, list);
  return input;
}

/** A set of checkboxes sharing NAME (their checked values form an array). */
export function checkboxGroup({ name, label, options, hint, class: className, searchable = false }) {
  const hintId = hint ? uid(`f-${name}-hint`) : undefined;
  const list = h(
    'div',
    { class: 'checkbox-group__list' },
    options.map((option) => {
      const id = uid(`f-${name}`);
      return h(
        'div',
        { class: 'checkbox' },
        h('input', { type: 'checkbox', id, name, value: option.value, dataset: { multi: '' }, checked: Boolean(option.checked) }),
        h('label', { for: id }, option.label),
      );
    }),
  );
  return h(
    'fieldset',
    { class: ['field', 'checkbox-group', className], dataset: { field: name, label }, 'aria-describedby': hintId },
    h('legend', {}, label),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    searchable ? searchBox(list, label) : null,
    list,
  );
}

/**
 * A due date as the documents write it: a day and whether the work is due before that day
 * (00:00) or by its end. Its errors are those of `errorPath` (dueAt, newDueAt).
 */
export function dueField({ name, label, required = true, value, min, hint }) {
  const dateId = uid(`f-${name}-date`);
  const ruleId = uid(`f-${name}-rule`);
  const hintId = hint ? uid(`f-${name}-hint`) : undefined;
  return h(
    'div',
    { class: 'field due-field', dataset: { field: name, label } },
    h('label', { for: dateId }, label, required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null),
    h(
      'div',
      { class: 'due-field__row' },
      h('input', { id: dateId, name: `${name}Date`, type: 'date', required, value, min, 'aria-describedby': hintId }),
      h('label', { for: ruleId, class: 'visually-hidden' }, `Cách tính ${label.toLowerCase()}`),
      h(
        'select',
        { id: ruleId, name: `${name}Rule` },
        h('option', { value: 'by' }, 'Chậm nhất ngày này'),
        h('option', { value: 'before' }, 'Trước ngày này'),
      ),
    ),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
  );
}

/** The values of a form's named controls (checkbox groups as arrays; text trimmed). */
export function readForm(form) {
  const values = {};
  for (const element of form.elements) {
    if (!element.name || element.disabled || element.tagName === 'BUTTON' || element.tagName === 'FIELDSET') continue;
    if (element.type === 'checkbox') {
      if (element.dataset.multi !== undefined) {
        values[element.name] ??= [];
        if (element.checked) values[element.name].push(element.value);
      } else values[element.name] = element.checked;
    } else if (element.type === 'radio') {
      if (element.checked) values[element.name] = element.value;
      else values[element.name] ??= '';
    } else values[element.name] = typeof element.value === 'string' ? element.value.trim() : element.value;
  }
  return values;
}

/**
 * A form that sends one API command. The Idempotency-Key belongs to the form's content: a
 * double click or a retry after a lost connection sends the same key (the API answers the first
 * result again and does nothing twice); editing the form or an error answer makes a new one.
 * While the request runs the submit buttons are disabled.
 */
export function commandForm({ class: className, title, description, children = [], submitLabel, submitClass = 'button--primary', onSubmit, onSuccess, label }) {
  const errorBox = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: ['button', submitClass] }, submitLabel);
  const form = h(
    'form',
    { class: ['command-form', className], novalidate: true, 'aria-label': label ?? title ?? submitLabel },
    title ? h('h3', { class: 'command-form__title' }, title) : null,
    description ? h('p', { class: 'command-form__description' }, description) : null,
    errorBox,
    children,
    h('div', { class: 'command-form__actions' }, submit),
  );
  let key = newIdempotencyKey();
  let keyUsed = false;
  let pending = false;
  const freshKey = () => {
    key = newIdempotencyKey();
    keyUsed = false;
  };
  form.addEventListener('input', () => keyUsed && freshKey());
  form.addEventListener('reset', () => freshKey());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (pending) return;
    clearErrors(form);
    if (!validateLocally(form)) return;
    pending = true;
    setBusy(form, true);
    try {
      const result = await onSubmit({ key, values: readForm(form), form });
      keyUsed = true;
      setBusy(form, false);
      pending = false;
      await onSuccess?.(result, form);
    } catch (error) {
      if (!(error instanceof NetworkError)) freshKey();
      showErrors(form, error);
    } finally {
      pending = false;
      setBusy(form, false);
    }
  });
  return form;
}

function setBusy(form, busy) {
  form.setAttribute('aria-busy', String(busy));
  for (const button of form.querySelectorAll('button[type=submit]')) button.disabled = busy;
}

export function clearErrors(form) {
  const box = form.querySelector('.form-error');
  if (box) {
    box.hidden = true;
    box.replaceChildren();
  }
  for (const error of form.querySelectorAll('.field-error')) error.remove();
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
    const describedBy = (control.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && !id.endsWith('-error'));
    if (describedBy.length) control.setAttribute('aria-describedby', describedBy.join(' '));
    else control.removeAttribute('aria-describedby');
  }
  for (const wrapper of form.querySelectorAll('.field--invalid')) wrapper.classList.remove('field--invalid');
}

/** The browser's own checks (required, min/max), with our Vietnamese messages next to the fields. */
function validateLocally(form) {
  let valid = true;
  for (const control of form.querySelectorAll('input, select, textarea')) {
    if (control.disabled || control.checkValidity()) continue;
    const wrapper = control.closest('[data-field]');
    const label = wrapper?.dataset.label ?? control.name;
    const v = control.validity;
    let message = `${label}: giá trị không hợp lệ.`;
    if (v.valueMissing) message = control.tagName === 'SELECT' || control.type === 'date' ? `Vui lòng chọn ${lower(label)}.` : `Vui lòng nhập ${lower(label)}.`;
    else if (v.rangeUnderflow || v.rangeOverflow) message = control.type === 'date' ? `${label} phải từ ngày ${formatIsoDate(control.min)} trở đi.` : `${label} phải từ ${control.min} đến ${control.max}.`;
    else if (v.stepMismatch) message = `${label} phải là số nguyên.`;
    else if (v.badInput) message = `${label} không hợp lệ.`;
    if (wrapper) addFieldError(wrapper, message, control);
    valid = false;
  }
  if (!valid) form.querySelector('[aria-invalid="true"]')?.focus();
  return valid;
}

const lower = (label) => label.charAt(0).toLowerCase() + label.slice(1);
const formatIsoDate = (iso) => (iso ? iso.split('-').reverse().join('/') : '');

function addFieldError(wrapper, message, control) {
  const target = control ?? wrapper.querySelector('input, select, textarea');
  const errorId = `${target?.id || uid('field')}-error`;
  const existing = wrapper.querySelector('.field-error');
  const error = h('p', { class: 'field-error', id: existing ? uid('extra-error') + '-error' : errorId }, message);
  wrapper.append(error);
  wrapper.classList.add('field--invalid');
  // A field folded away (e.g. the coordinating agencies) opens so that its message is seen.
  const folded = wrapper.closest('details');
  if (folded) folded.open = true;
  if (target) {
    target.setAttribute('aria-invalid', 'true');
    const describedBy = new Set((target.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
    describedBy.add(error.id);
    target.setAttribute('aria-describedby', [...describedBy].join(' '));
  }
}

/** "title là bắt buộc" → "Tiêu đề là bắt buộc": the API names the field, the page shows its label. */
function humanize(message, fieldName, label) {
  if (label && message.startsWith(`${fieldName} `)) return `${label}${message.slice(fieldName.length)}`;
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/**
 * The field an error's path names, most specific first: `indicatorActuals[1].value` is shown under
 * the field marked with that whole path if there is one (a row of a list), else under
 * `indicatorActuals[1]`, else under `indicatorActuals`.
 */
function fieldFor(form, path) {
  const candidates = [];
  for (let rest = path; rest; rest = rest.replace(/(\.[^.[\]]*|\[[^\]]*\])$/, '')) {
    candidates.push(rest);
    if (!/[.[]/.test(rest)) break;
  }
  for (const fieldName of candidates) {
    const wrapper = form.querySelector(`[data-field="${CSS.escape(fieldName)}"]`);
    if (wrapper) return { fieldName, wrapper };
  }
  return { fieldName: candidates.at(-1) ?? '', wrapper: null };
}

/** Shows an API error: each detail next to the field its path names, the rest above the form. */
export function showErrors(form, error) {
  const box = form.querySelector('.form-error');
  const unmatched = [];
  let matched = 0;
  if (error instanceof ApiError) {
    for (const detail of error.details) {
      const { fieldName, wrapper } = fieldFor(form, String(detail.path ?? ''));
      if (wrapper) {
        addFieldError(wrapper, humanize(String(detail.message), fieldName, wrapper.dataset.label));
        matched += 1;
      } else unmatched.push(detail);
    }
  }
  const message =
    error instanceof ApiError
      ? matched > 0 && unmatched.length === 0
        ? 'Chưa gửi được: vui lòng sửa các mục được đánh dấu.'
        : error.message
      : error instanceof NetworkError
        ? error.message
        : 'Đã có lỗi không mong muốn, vui lòng thử lại.';
  if (box) {
    replace(
      box,
      h('p', {}, message),
      unmatched.length ? h('ul', {}, unmatched.map((detail) => h('li', {}, detail.path ? `${detail.path}: ${detail.message}` : detail.message))) : null,
    );
    box.hidden = false;
  }
  const firstInvalid = form.querySelector('[aria-invalid="true"]');
  if (firstInvalid) firstInvalid.focus();
  else if (box) {
    box.tabIndex = -1;
    box.focus();
  }
}

import { api } from './api.js';

/**
 * The Vietnamese labels of the domain's codes (statuses, categories, event types, roles…), from
 * the API (`GET /api/meta/labels`, defined once in libs/domain): loaded once, before the first page.
 */
let labels = null;
let loading = null;

export function loadLabels() {
  loading ??= api('/meta/labels', { token: null }).then(
    (answer) => {
      labels = answer;
    },
    (error) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

/** The label of `code` among those of `kind` (`taskStatus`, `taskCategory`, `role`…); an unknown code as it is. */
export function label(kind, code) {
  return labels?.[kind]?.[code] ?? code;
}

/** Every code of `kind` with its label, in the domain's order, as `{value, label}` options. */
export function labelOptions(kind) {
  return Object.entries(labels?.[kind] ?? {}).map(([value, text]) => ({ value, label: text }));
}

/**
 * Matching as Vietnamese users type, in the browser: the same folding as `foldVietnamese` in
 * libs/domain/src/search.ts (which the API's `q` uses), so a picker finds what a search finds.
 */
export function foldVietnamese(text) {
  let out = '';
  for (const char of String(text).normalize('NFC')) {
    const base = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    out += (base.length === 1 ? base : char).replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
  }
  return out;
}

/** Whether `text` holds `query` (both folded; spaces collapsed). An empty query matches everything. */
export function matchesQuery(text, query) {
  const folded = foldVietnamese(query).trim().replace(/\s+/g, ' ');
  return !folded || foldVietnamese(text).replace(/\s+/g, ' ').includes(folded);
}

/**
 * Filters the options of `select` (or the checkboxes of a checkbox group) as the user types in
 * `input`: without diacritics and in any case. The chosen option always stays.
 */
export function filterAsTyped(input, container) {
  // Enter in the box picks nothing and must not submit the form around it.
  input.addEventListener('keydown', (event) => event.key === 'Enter' && event.preventDefault());
  input.addEventListener('input', () => {
    const query = input.value;
    if (container.tagName === 'SELECT') {
      for (const option of container.options) option.hidden = Boolean(option.value) && !option.selected && !matchesQuery(option.textContent, query);
    } else {
      for (const item of container.querySelectorAll('.checkbox')) {
        const box = item.querySelector('input');
        item.hidden = !box.checked && !matchesQuery(item.textContent, query);
      }
    }
  });
}

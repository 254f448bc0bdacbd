import fs from 'node:fs';
import path from 'node:path';
import { DISPLAY_LABELS, TASK_CATEGORIES, TASK_EVENT_TYPES, TASK_STATUSES } from '@giaoviec/domain';

const WEB = path.resolve(__dirname, '../../apps/web/js');

function webSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return webSources(full);
    return entry.name.endsWith('.js') ? [fs.readFileSync(full, 'utf8')] : [];
  });
}

describe('the labels the pages, the API and the reports show', () => {
  it('label every task status, category and event type, in Vietnamese', () => {
    for (const [kind, codes] of [
      ['taskStatus', TASK_STATUSES],
      ['taskCategory', TASK_CATEGORIES],
      ['taskEvent', TASK_EVENT_TYPES],
    ] as const) {
      expect(Object.keys(DISPLAY_LABELS[kind]).sort()).toEqual([...codes].sort());
    }
    for (const labels of Object.values(DISPLAY_LABELS)) {
      for (const text of Object.values(labels)) expect(text).toMatch(/^\p{Lu}\p{L}*(?:[ ,]+\p{L}+)*$/u);
    }
  });

  it('has every kind of label a page asks for (a misspelt kind would show raw codes)', () => {
    const asked = new Set<string>();
    for (const source of webSources(WEB)) {
      for (const match of source.matchAll(/\blabel(?:Options)?\('(\w+)'/g)) asked.add(match[1]);
      for (const match of source.matchAll(/\bkind: '(\w+)'/g)) asked.add(match[1]);
    }
    expect(asked.size).toBeGreaterThan(5);
    expect([...asked].filter((kind) => !(kind in DISPLAY_LABELS))).toEqual([]);
  });
});

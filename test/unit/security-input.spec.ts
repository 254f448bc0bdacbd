import { MAX_INPUT_DEPTH, findUnsafeInput, storableCopy, unsafeTextProblem } from '../../libs/domain/src/safe-text';
import { MAX_PLAN_YAML_ENTRIES, parsePlanFile } from '../../libs/domain/src/plan/parse';
import { jsonNestsDeeperThan } from '../../apps/api/src/common/json-depth';

describe('input PostgreSQL cannot store', () => {
  it('finds NUL and unpaired surrogates, keeps well-formed Vietnamese and emoji', () => {
    expect(unsafeTextProblem('Báo cáo tiến độ 😀')).toBeUndefined();
    expect(unsafeTextProblem('a\u0000b')).toMatch(/NUL/);
    expect(unsafeTextProblem('a\ud800b')).toMatch(/surrogate/);
    expect(unsafeTextProblem('\udc00')).toMatch(/surrogate/);
  });

  it('names the path of each bad value or key', () => {
    expect(findUnsafeInput({ note: 'ok', items: [{ title: 'x\u0000' }], 'a\u0000': 1 })).toEqual([
      { path: '["a\\u0000"]', message: expect.stringMatching(/tên trường/) },
      { path: 'items[0].title', message: expect.stringMatching(/NUL/) },
    ]);
  });

  it('refuses nesting deeper than the limit without recursion', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnsafeInput(deep)).toEqual([{ path: expect.any(String), message: expect.stringMatching(new RegExp(`${MAX_INPUT_DEPTH}`)) }]);
  });

  it('measures raw JSON nesting in one pass, ignoring brackets inside strings', () => {
    expect(jsonNestsDeeperThan(Buffer.from('['.repeat(45_000) + ']'.repeat(45_000)))).toBe(true);
    expect(jsonNestsDeeperThan(Buffer.from(JSON.stringify({ a: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\"' })))).toBe(false);
    expect(jsonNestsDeeperThan(Buffer.from(JSON.stringify({ a: [{ b: [1] }] })))).toBe(false);
  });
});

describe('plan parsing stays linear', () => {
  it('refuses a YAML file of 90,000 keys at once, naming the limit', () => {
    const text = Array.from({ length: 90_000 }, (_, i) => `k${i}: ${i}`).join('\n');
    const started = Date.now();
    const result = parsePlanFile(text, 'yaml');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result).toEqual({ ok: false, issues: [{ path: '', message: expect.stringContaining(`${MAX_PLAN_YAML_ENTRIES}`) }] });
  });

  it('refuses NUL in a plan text field, naming the field', () => {
    const result = parsePlanFile('code: KH-1\ntitle: "Kế hoạch\\0"\n', 'yaml');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues[0]).toMatchObject({ path: 'title', message: expect.stringMatching(/NUL/), line: 2 });
  });

  it('still finds duplicate keys, in nested mappings too', () => {
    const result = parsePlanFile('code: A\nlegalBases: []\nsections:\n  - ref: I\n    ref: II\n', 'yaml');
    expect(!result.ok && result.issues[0].message).toMatch(/line 5.*unique/);
  });
});

describe('storableCopy (the worker-side guard)', () => {
  it('replaces NUL and unpaired surrogates in values and keys, keeps pairs, numbers and nulls', () => {
    const value = { note: 'a\u0000b', ['k\ud800']: ['x\udc00', '😀', 3, null], nested: { ok: 'Đã rà soát' } };
    expect(storableCopy(value)).toEqual({ note: 'a\uFFFDb', ['k\uFFFD']: ['x\uFFFD', '😀', 3, null], nested: { ok: 'Đã rà soát' } });
    expect(findUnsafeInput(storableCopy(value))).toEqual([]);
  });
});

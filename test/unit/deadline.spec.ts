import { deadlineProblem } from '../../libs/domain/src/deadline';
import { nameBasedUuid } from '../../libs/infra/src/name-based-uuid';

describe('deadlines', () => {
  const now = Date.parse('2026-11-25T10:00:00Z');

  it('accepts a future instant with its offset, up to ten years ahead', () => {
    expect(deadlineProblem('2026-12-10T00:00:00+07:00', now, 'dueAt')).toBeNull();
    expect(deadlineProblem('2026-12-09T17:00:00.000Z', now, 'dueAt')).toBeNull();
    expect(deadlineProblem('2036-11-25T09:00:00Z', now, 'dueAt')).toBeNull();
  });

  it('refuses the past, typos far ahead, and instants without an offset, naming the field', () => {
    expect(deadlineProblem('2026-11-25T09:59:59Z', now, 'dueAt')?.message).toBe('phải ở tương lai');
    expect(deadlineProblem('2206-12-10T00:00:00+07:00', now, 'dueAt')).toEqual({ path: 'dueAt', message: 'không quá 10 năm kể từ nay' });
    expect(deadlineProblem('2026-12-10', now, 'newDueAt')?.path).toBe('newDueAt');
    expect(deadlineProblem('2026-12-10T00:00:00', now, 'dueAt')?.message).toContain('múi giờ');
  });
});

describe('name-based IDs', () => {

  it('derives the same version-5 UUID from the same name, and another from another', () => {
    const namespace = '6f1c2a9e-8d4b-4c3e-a5f7-0b9d8e7c6a51';
    const id = nameBasedUuid(namespace, 'skhdt.dieuphoi\u0000key-1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(nameBasedUuid(namespace, 'skhdt.dieuphoi\u0000key-1')).toBe(id);
    expect(nameBasedUuid(namespace, 'skhdt.dieuphoi\u0000key-2')).not.toBe(id);
  });
});

import { DomainError } from '@giaoviec/domain';
import { reorganizationBodyOf } from '../../apps/api/src/agencies/reorganization-body';

describe('the body of a reorganisation request', () => {
  it('takes JSON as parsed and reads YAML text, dates kept as text', () => {
    const json = { effectiveDate: '2025-07-01', title: 't', changes: [] };
    expect(reorganizationBodyOf(json)).toBe(json);
    expect(
      reorganizationBodyOf('effectiveDate: 2025-07-01\ntitle: Sắp xếp\nchanges:\n  - { kind: merge, from: [SKHDT, STC], into: STC }\n'),
    ).toEqual({ effectiveDate: '2025-07-01', title: 'Sắp xếp', changes: [{ kind: 'merge', from: ['SKHDT', 'STC'], into: 'STC' }] });
  });

  it('refuses YAML it cannot read, naming the body', () => {
    let error: unknown;
    try {
      reorganizationBodyOf('title: [không đóng\nchanges: {');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).details?.[0]).toMatchObject({ path: 'body', message: expect.stringContaining('YAML không hợp lệ') });
  });
});

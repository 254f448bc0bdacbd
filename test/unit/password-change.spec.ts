import { issuedBeforePasswordChange } from '../../apps/api/src/auth/auth.guard';

describe('a new password ends the sessions of the old one', () => {
  const changedAt = '2026-12-02T04:00:05.400Z';
  const second = Math.floor(Date.parse(changedAt) / 1000);

  it('refuses a token issued in an earlier second', () => {
    expect(issuedBeforePasswordChange(second - 1, changedAt)).toBe(true);
  });

  it('keeps a token of the same second or later (iat has whole seconds: the sign-in right after a reset)', () => {
    expect(issuedBeforePasswordChange(second, changedAt)).toBe(false);
    expect(issuedBeforePasswordChange(second + 60, changedAt)).toBe(false);
  });

  it('keeps every token of an account whose password never changed, and refuses a token without iat once it did', () => {
    expect(issuedBeforePasswordChange(second, null)).toBe(false);
    expect(issuedBeforePasswordChange(undefined, null)).toBe(false);
    expect(issuedBeforePasswordChange(undefined, changedAt)).toBe(true);
  });
});

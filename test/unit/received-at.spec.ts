import { MAX_RECEIVED_LAG_MS, commandMomentMs } from '@giaoviec/domain';

describe('a command is dated when the API received it, bounded by the workflow', () => {
  const nowMs = Date.parse('2026-12-10T03:00:00.000Z');

  it('takes the received moment when it is before the present and within the lag', () => {
    expect(commandMomentMs('2026-12-10T02:59:50.000Z', nowMs)).toBe(nowMs - 10_000);
  });

  it('never dates a command after the present, nor without a readable moment', () => {
    expect(commandMomentMs('2026-12-10T03:00:05.000Z', nowMs)).toBe(nowMs);
    expect(commandMomentMs(undefined, nowMs)).toBe(nowMs);
    expect(commandMomentMs('hôm qua', nowMs)).toBe(nowMs);
  });

  it('cannot backdate: at most MAX_RECEIVED_LAG_MS before the present, never before the previous command', () => {
    expect(commandMomentMs('2020-01-01T00:00:00.000Z', nowMs)).toBe(nowMs - MAX_RECEIVED_LAG_MS);
    expect(commandMomentMs('2026-12-10T02:59:00.000Z', nowMs, nowMs - 5_000)).toBe(nowMs - 5_000);
    expect(commandMomentMs('2026-12-10T02:59:00.000Z', nowMs, nowMs + 5_000)).toBe(nowMs);
  });
});

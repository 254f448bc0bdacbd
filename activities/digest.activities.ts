import { buildDigest, digestDateOf, digestHorizon, isWorkingDay, yearOf } from '../libs/domain/src';
import type { CalendarStore, DigestRepository } from '../libs/persistence/src';

export interface DigestDependencies {
  digests: DigestRepository;
  calendar: CalendarStore;
}

/** Activities of the daily digest; idempotent per agency and day (the outbox key is `digest:<date>:<agency>`). */
export function createDigestActivities(deps: DigestDependencies) {
  return {
    /** Writes each agency's digest for the working day of `atMs`; nothing on a day off. */
    async writeDailyDigests(input: { atMs: number }): Promise<{ date: string; workingDay: boolean; digests: number }> {
      const date = digestDateOf(input.atMs);
      const year = yearOf(date);
      const snapshot = await deps.calendar.snapshot(year, year + 1);
      if (!isWorkingDay(snapshot, date)) return { date, workingDay: false, digests: 0 };
      let digests = 0;
      for (const agency of await deps.digests.inputs(date, input.atMs, digestHorizon(snapshot, date))) {
        const message = buildDigest(agency);
        if (!message) continue;
        await deps.digests.insert(date, agency.agency, message, input.atMs);
        digests += 1;
      }
      return { date, workingDay: true, digests };
    },
  };
}

export type DigestActivities = ReturnType<typeof createDigestActivities>;

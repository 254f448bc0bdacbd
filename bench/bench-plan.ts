/** What the benchmarks share: a synthetic plan imported as the API imports one, and small helpers. */
import { HANOI_AGENCIES, parsePlanFile, planGroups, preparePlanTasks } from '@giaoviec/domain';
import type { PlanStore } from '@giaoviec/persistence';

/** A plan of `count` tasks, each led by one Hanoi agency in turn, due at the end of next year. */
export async function importSyntheticPlan(store: PlanStore, code: string, count: number): Promise<string> {
  const agencies = HANOI_AGENCIES.map((agency) => agency.code);
  const year = new Date().getFullYear() + 1;
  const text = JSON.stringify({
    code,
    title: `Kế hoạch đo tốc độ ban hành năm ${year}`,
    issuer: 'UBND-TP',
    year,
    sections: [{ ref: 'I', title: 'Nhiệm vụ tổng hợp' }],
    tasks: Array.from({ length: count }, (_, i) => ({
      ref: `I.${i + 1}`,
      section: 'I',
      title: `Nhiệm vụ số ${i + 1}: rà soát, báo cáo tình hình hợp tác xã`,
      description: 'Rà soát, tổng hợp tình hình hoạt động của các hợp tác xã trên địa bàn và báo cáo kết quả.',
      leadAgency: agencies[i % agencies.length],
      due: { date: `${year}-12-31` },
    })),
  });
  const parsed = parsePlanFile(text, 'json');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const directory = await store.directory();
  const { id } = await store.insert({
    plan: parsed.plan,
    templateYear: year,
    tasks: preparePlanTasks(parsed.plan, planGroups(parsed.plan, directory)),
    warnings: [],
    createdBy: { sub: 'bench', role: 'coordinator' },
  });
  return id;
}

export function positiveInteger(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not ${process.env[name]}`);
  return value;
}

export async function forEachConcurrently<T>(items: readonly T[], concurrency: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await run(items[next++]);
    }),
  );
}

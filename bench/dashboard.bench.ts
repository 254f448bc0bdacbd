/**
 * `npm run bench:dashboard`: how fast `GET /api/dashboard/overview` reads at 10⁵ and 10⁶ tasks.
 *
 * Creates its own database (on DATABASE_URL's server when set, else on an embedded PostgreSQL
 * in a temporary folder), runs the migrations, fills `tasks` with INSERT … SELECT
 * generate_series, and times the overview service call next to its two SQL statements run raw
 * (the same text through a plain `pg` pool), city-wide and for one plan. It prints which index
 * each statement uses and what the counters' trigger costs a single-row update, then drops
 * everything it made, also on Ctrl-C. It also times `q` on the task list (folded LIKE over the
 * trigram index).
 *
 * Environment: DATABASE_URL (a server where it may create and drop a database),
 * BENCH_SIZES (default `100000,1000000`), BENCH_ITERATIONS (default 30), BENCH_EXPLAIN=1 (print
 * the full EXPLAIN ANALYZE of each statement).
 */
import 'reflect-metadata';
import { DEFAULT_OVERDUE_LIMIT, searchPattern } from '@giaoviec/domain';
import { startEmbeddedPostgres } from '@giaoviec/infra';
import { CalendarStore, createRepositories, overviewStatements, type TaskRepository } from '@giaoviec/persistence';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { DashboardService } from '../apps/api/src/dashboard/dashboard.service';
import { RECOUNT_TASKS_SQL } from '../libs/persistence/src/migrations/1732500000004-DashboardIndexes';
import { fail, onCleanup, openBenchDatabase, runBenchmark } from './bench-runner';

const PLANS = 100;
const WARMUP = 3;

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map((size) => Number(size.trim()));
  if (sizes.some((size) => !Number.isSafeInteger(size) || size < 1) || sizes.some((size, i) => i > 0 && size <= sizes[i - 1]!)) {
    throw new Error(`BENCH_SIZES must be increasing positive integers, not ${process.env.BENCH_SIZES}`);
  }
  const iterations = Number(process.env.BENCH_ITERATIONS ?? 30);
  if (!Number.isSafeInteger(iterations) || iterations < 1) throw new Error(`BENCH_ITERATIONS must be a positive integer`);

  const adminUrl = process.env.DATABASE_URL ?? (await startPostgres());
  const { url, dataSource } = await openBenchDatabase(adminUrl);
  const pool = new Pool({ connectionString: url, max: 4 });
  // An idle client losing its connection must end the run through the cleanup, not crash past it.
  pool.on('error', (error) => fail(error));
  onCleanup(() => pool.end());

  await seedCalendar(dataSource);
  const repositories = createRepositories(dataSource);
  const service = new DashboardService(repositories.dashboard, repositories.agencies, repositories.calendar);
  const [{ version }] = await dataSource.query(`SELECT current_setting('server_version') AS version`);
  console.log(
    `giaoviec dashboard benchmark: PostgreSQL ${version} (${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded'}), ` +
      `${os.cpus().length} CPUs, ${iterations} timed runs per row after ${WARMUP} warm-up runs, overdue list limit ${DEFAULT_OVERDUE_LIMIT}\n`,
  );
  console.log(
    `${'tasks'.padStart(9)}  ${'scenario'.padEnd(24)} ${'service p50'.padStart(11)} ${'p95'.padStart(8)}  ${'raw SQL p50'.padStart(11)} ${'p95'.padStart(8)}  ${'ratio p50'.padStart(9)} ${'p95'.padStart(5)}`,
  );

  let filled = 0;
  const explains: string[] = [];
  for (const size of sizes) {
    const started = performance.now();
    await fill(dataSource, filled + 1, size);
    filled = size;
    const fillSeconds = (performance.now() - started) / 1000;
    const plan = await dataSource.query(`SELECT plan_id, count(*)::int AS tasks FROM tasks WHERE plan_id = md5('plan-7')::uuid GROUP BY plan_id`);
    const scenarios: { label: string; planId?: string }[] = [
      { label: 'city-wide' },
      { label: `one plan (${plan[0].tasks.toLocaleString('en-US')} tasks)`, planId: plan[0].plan_id as string },
    ];
    for (const scenario of scenarios) {
      const query = { planId: scenario.planId, limit: DEFAULT_OVERDUE_LIMIT };
      const timings = await measure(iterations, {
        service: () => service.overview(query),
        raw: () => runRaw(pool, scenario.planId),
      });
      const ratio50 = timings.service.p50 / timings.raw.p50;
      const ratio95 = timings.service.p95 / timings.raw.p95;
      console.log(
        `${size.toLocaleString('en-US').padStart(9)}  ${scenario.label.padEnd(24)} ${ms(timings.service.p50).padStart(11)} ${ms(timings.service.p95).padStart(8)}  ` +
          `${ms(timings.raw.p50).padStart(11)} ${ms(timings.raw.p95).padStart(8)}  ${ratio50.toFixed(2).padStart(9)} ${ratio95.toFixed(2).padStart(5)}`,
      );
      explains.push(...(await explain(pool, size, scenario.label, scenario.planId)));
    }
    const search = await timeSearch(repositories.tasks, iterations);
    console.log(`${size.toLocaleString('en-US').padStart(9)}  ${'q=xu ly tai san'.padEnd(24)} ${ms(search.p50).padStart(11)} ${ms(search.p95).padStart(8)}`);
    explains.push(...(await explainSearch(pool, size)));
    console.log(`${''.padStart(11)}(filled to ${size.toLocaleString('en-US')} tasks in ${fillSeconds.toFixed(1)} s)`);
  }
  console.log(`\nWhat each statement reads (EXPLAIN ANALYZE):\n${explains.join('\n')}`);
  console.log(`\nSingle-row task updates at ${filled.toLocaleString('en-US')} tasks (${iterations * 10} each):`);
  console.log((await timeWrites(pool, iterations * 10)).join('\n'));
}

const SEARCH_QUERY = 'xu ly tai san';

/** `GET /api/tasks?q=xu ly tai san` as a coordinator reads it (one task in a thousand is titled "Xử lý tài sản…"): first page and count. */
async function timeSearch(tasks: TaskRepository, iterations: number): Promise<Percentiles> {
  const run = () => tasks.list({ visibleTo: { role: 'coordinator' }, q: SEARCH_QUERY, page: 1, limit: 20 }, new Date());
  for (let i = 0; i < WARMUP; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) samples.push(await time(run));
  return percentiles(samples);
}

/** Which index the search's folded LIKE reads (the trigram index over `search_text`). */
async function explainSearch(pool: Pool, size: number): Promise<string[]> {
  const sql = `SELECT id FROM tasks t WHERE t.search_text LIKE $1 ORDER BY t.due_at, t.id LIMIT 20`;
  const { rows } = await pool.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, [searchPattern(SEARCH_QUERY)]);
  const plan = (rows[0]['QUERY PLAN'] as { Plan: PlanNode; 'Execution Time': number }[])[0]!;
  return [
    `  ${size.toLocaleString('en-US').padStart(9)}  ${'q=xu ly tai san'.padEnd(24)} ${'list'.padEnd(8)} ${plan['Execution Time'].toFixed(1).padStart(7)} ms  ${scans(plan.Plan).join(', ')}`,
  ];
}

/** An embedded PostgreSQL in a fresh temporary folder, removed afterwards. */
async function startPostgres(): Promise<string> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'giaoviec-bench-'));
  onCleanup(async () => fs.rmSync(root, { recursive: true, force: true }));
  console.log(`Starting an embedded PostgreSQL in ${root} (set DATABASE_URL to use another server)…`);
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(root, 'postgres') });
  onCleanup(() => postgres.stop());
  return postgres.adminUrl;
}

/** The official swaps of 2024–2026, so that overdue days are counted with overrides as in production. */
async function seedCalendar(dataSource: DataSource): Promise<void> {
  const store = new CalendarStore(dataSource);
  const swaps: [string, 'day_off' | 'working_day'][] = [
    ['2024-04-29', 'day_off'],
    ['2024-05-04', 'working_day'],
    ['2025-05-02', 'day_off'],
    ['2025-04-26', 'working_day'],
    ['2026-01-02', 'day_off'],
    ['2026-01-10', 'working_day'],
  ];
  for (const [date, kind] of swaps) await store.setOverride({ date, kind }, 'bench');
}

/**
 * Tasks `from`–`to`, deterministic per number (ids ascending, so the primary key and
 * workflow_id indexes fill at their right edge instead of at random, which keeps the fill quick): 60 % completed (80 % of them on time), 5 %
 * cancelled, 35 % open with due dates from 60 days ago to 10 months ahead (about one in six
 * overdue, escalated the further past due), over the Hanoi directory's agencies and 100 plans.
 */
async function fill(dataSource: DataSource, from: number, to: number): Promise<void> {
  // A bulk load: the per-row counter trigger is switched off and the counters rebuilt at the end,
  // as the migration does for existing rows (writes with the trigger on are timed separately).
  await dataSource.query(`ALTER TABLE tasks DISABLE TRIGGER task_counts_on_insert_or_delete`);
  const chunk = 250_000;
  for (let start = from; start <= to; start += chunk) {
    const end = Math.min(to, start + chunk - 1);
    await dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL synchronous_commit = off`);
      await manager.query(
        `WITH codes AS (SELECT array_agg(code ORDER BY code) AS codes FROM agencies),
         numbered AS (
           SELECT g,
                  ('x' || substr(md5('s' || g), 1, 7))::bit(28)::int / 268435456.0 AS r1,
                  ('x' || substr(md5('d' || g), 1, 7))::bit(28)::int / 268435456.0 AS r2,
                  ('x' || substr(md5('a' || g), 1, 7))::bit(28)::int AS pick
           FROM generate_series($1::int, $2::int) g
         ),
         shaped AS (
           SELECT g, r2, pick,
                  CASE WHEN r1 < 0.60 THEN 'completed' WHEN r1 < 0.65 THEN 'cancelled'
                       ELSE (ARRAY['assigned', 'acknowledged', 'in_progress', 'submitted'])[1 + (pick % 4)] END AS status,
                  CASE WHEN r1 < 0.65 THEN now() - (r2 * 900 + 1) * interval '1 day'
                       ELSE now() + (r2 * 360 - 60) * interval '1 day' END AS due_at
           FROM numbered
         )
         INSERT INTO tasks (id, workflow_id, plan_id, plan_code, task_ref, title, lead_agency, status, due_at, original_due_at,
                            completed_at, progress_percent, escalation_level, escalated_to, assigned_at, updated_at, version)
         SELECT lpad(to_hex(g), 32, '0')::uuid, 'task:BENCH:' || lpad(g::text, 9, '0'), md5('plan-' || (g % ${PLANS}))::uuid, 'KH-BENCH-' || (g % ${PLANS}),
                'III.' || g, CASE WHEN g % 1000 = 0 THEN 'Xử lý tài sản, công nợ của HTX giải thể số ' ELSE 'Nhiệm vụ thử tải số ' END || g,
                codes[1 + pick % cardinality(codes)], status, due_at, due_at,
                CASE WHEN status = 'completed' THEN due_at + ((pick % 100) - 80) * interval '6 hours' END,
                CASE WHEN status = 'completed' THEN 100 ELSE pick % 100 END,
                CASE WHEN status IN ('completed', 'cancelled') OR due_at > now() THEN 0
                     ELSE least(3, 1 + floor(extract(epoch FROM now() - due_at) / 86400 / 7)::int) END,
                CASE WHEN status IN ('completed', 'cancelled') OR due_at > now() THEN NULL
                     ELSE (ARRAY['coordinator', 'agency_head', 'leader'])[least(3, 1 + floor(extract(epoch FROM now() - due_at) / 86400 / 7)::int)] END,
                due_at - interval '90 days', now(), 1
         FROM shaped, codes`,
        [start, end],
      );
    });
  }
  await dataSource.transaction(async (manager) => {
    await manager.query(`LOCK TABLE tasks IN SHARE ROW EXCLUSIVE MODE`);
    await manager.query(`ALTER TABLE tasks ENABLE TRIGGER task_counts_on_insert_or_delete`);
    await manager.query(`DELETE FROM task_counts`);
    await manager.query(RECOUNT_TASKS_SQL);
  });
  // Fresh statistics and visibility map, as autovacuum would leave them, so index-only scans apply.
  await dataSource.query(`VACUUM (ANALYZE) tasks`);
}

/**
 * What the counters cost writers: single-row updates as the projection makes them, with the
 * counter triggers on and off — ones that keep the task's bucket (progress, reminders,
 * escalations: most of them) and ones that move it (completion).
 */
async function timeWrites(pool: Pool, iterations: number): Promise<string[]> {
  const { rows } = await pool.query(
    `SELECT id FROM tasks WHERE status NOT IN ('completed', 'cancelled') ORDER BY id LIMIT $1`,
    [iterations * 4],
  );
  const ids = rows.map((row: { id: string }) => row.id);
  // Sets the bucket's columns to themselves, as the projection's upsert does, so the trigger's WHEN runs.
  const keep = (id: string) =>
    pool.query(
      `UPDATE tasks SET status = status, due_at = due_at, completed_at = completed_at, lead_agency = lead_agency,
         progress_percent = (progress_percent + 1) % 100, version = version + 1 WHERE id = $1`,
      [id],
    );
  const move = (id: string) => pool.query(`UPDATE tasks SET status = 'completed', completed_at = now(), version = version + 1 WHERE id = $1`, [id]);
  const lines: string[] = [];
  const triggers = `task_counts_on_insert_or_delete, task_counts_on_update`;
  for (const enabled of [true, false]) {
    if (!enabled) {
      for (const trigger of triggers.split(', ')) await pool.query(`ALTER TABLE tasks DISABLE TRIGGER ${trigger}`);
    }
    const offset = enabled ? 0 : iterations * 2;
    const kept: number[] = [];
    const moved: number[] = [];
    for (let i = 0; i < iterations; i++) {
      kept.push(await time(() => keep(ids[offset + i]!)));
      moved.push(await time(() => move(ids[offset + iterations + i]!)));
    }
    const k = percentiles(kept);
    const m = percentiles(moved);
    lines.push(
      `  counters ${enabled ? 'on ' : 'off'}   same bucket p50 ${ms(k.p50)}, p95 ${ms(k.p95)}   bucket changes p50 ${ms(m.p50)}, p95 ${ms(m.p95)}`,
    );
  }
  for (const trigger of triggers.split(', ')) await pool.query(`ALTER TABLE tasks ENABLE TRIGGER ${trigger}`);
  return lines;
}

interface Percentiles {
  p50: number;
  p95: number;
}

/** Alternates the two so that both see the same cache and load. */
async function measure(
  iterations: number,
  runs: { service: () => Promise<unknown>; raw: () => Promise<unknown> },
): Promise<{ service: Percentiles; raw: Percentiles }> {
  for (let i = 0; i < WARMUP; i++) {
    await runs.service();
    await runs.raw();
  }
  const service: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < iterations; i++) {
    service.push(await time(runs.service));
    raw.push(await time(runs.raw));
  }
  return { service: percentiles(service), raw: percentiles(raw) };
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95) };
}

/** The service's two statements, concurrently as the service runs them. */
async function runRaw(pool: Pool, planId: string | undefined): Promise<void> {
  const statements = overviewStatements({ now: new Date(), planId: planId ?? null, limit: DEFAULT_OVERDUE_LIMIT });
  await Promise.all([
    pool.query(statements.counts.sql, statements.counts.params),
    pool.query(statements.overdue.sql, statements.overdue.params),
  ]);
}

async function explain(pool: Pool, size: number, label: string, planId: string | undefined): Promise<string[]> {
  const statements = overviewStatements({ now: new Date(), planId: planId ?? null, limit: DEFAULT_OVERDUE_LIMIT });
  const lines: string[] = [];
  for (const [name, statement] of Object.entries(statements)) {
    const { rows } = await pool.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement.sql}`, statement.params);
    const plan = (rows[0]['QUERY PLAN'] as { Plan: PlanNode; 'Execution Time': number }[])[0]!;
    lines.push(
      `  ${size.toLocaleString('en-US').padStart(9)}  ${label.padEnd(24)} ${name.padEnd(8)} ${plan['Execution Time'].toFixed(1).padStart(7)} ms  ${scans(plan.Plan).join(', ')}`,
    );
    if (process.env.BENCH_EXPLAIN === '1') {
      const text = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, statement.params);
      lines.push(...text.rows.map((row: Record<string, string>) => `      ${row['QUERY PLAN']}`));
    }
  }
  return lines;
}

interface PlanNode {
  'Node Type': string;
  'Parallel Aware'?: boolean;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Heap Fetches'?: number;
  Plans?: PlanNode[];
}

function scans(node: PlanNode): string[] {
  const type = `${node['Parallel Aware'] ? 'Parallel ' : ''}${node['Node Type']}`;
  const own = node['Index Name']
    ? [`${type} on ${node['Index Name']}${node['Heap Fetches'] !== undefined ? ` (heap fetches ${node['Heap Fetches']})` : ''}`]
    : node['Relation Name']
      ? [`${type} on ${node['Relation Name']}`]
      : [];
  return [...own, ...(node.Plans ?? []).flatMap(scans)];
}

function ms(value: number): string {
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
}

runBenchmark(main);

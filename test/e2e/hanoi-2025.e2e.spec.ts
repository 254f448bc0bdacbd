import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseReorganizationFile, type ReorganizationRequest } from '@giaoviec/domain';
import type { AddressInfo } from 'node:net';
import { reorganizeFromFile } from '../../scripts/reorganize.lib';
import { startTestStack, type TestStack } from '../support/test-stack';

/**
 * Issue 11 item 7: the 2025 reorganisation of Hanoi (data/reorganizations/hanoi-2025.yaml) dry-runs
 * through the API against the seeded directory — the department merges and the 30 districts into
 * 126 communes and wards — and nothing changes; then `npm run reorganize` (scripts/reorganize.lib.ts)
 * applies it over HTTP, and a second run skips what is stored.
 */
describe('Hanoi 2025 reorganisation file (end to end)', () => {
  let stack: TestStack;
  let admin: string;
  let coordinator: string;
  let reorganizations: ReorganizationRequest[];
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const inTenDays = () => new Date(Date.now() + 10 * 24 * 3600 * 1000).toISOString();

  beforeAll(async () => {
    const parsed = parseReorganizationFile(readFileSync(path.join(__dirname, '../../data/reorganizations/hanoi-2025.yaml'), 'utf8'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    reorganizations = parsed.reorganizations;
    stack = await startTestStack();
    admin = await stack.tokenFor({ sub: 'admin', role: 'admin' });
    coordinator = await stack.tokenFor({ sub: 'skhdt.dieuphoi', role: 'coordinator' });
  });

  afterAll(async () => {
    await stack?.close();
  });

  async function createTask(leadAgency: string, coordinatingAgencies: string[] = []): Promise<string> {
    const response = await stack.http
      .post('/api/tasks')
      .set(auth(coordinator))
      .send({ title: `Nhiệm vụ của ${leadAgency}`, leadAgency, coordinatingAgencies, dueAt: inTenDays() })
      .expect(201);
    return response.body.id as string;
  }

  it('dry-runs both steps against the seeded directory: counts right, nothing applied', async () => {
    const planning = await createTask('SKHDT', ['STNMT']);
    const oldQuarter = await createTask('UBND-HOAN-KIEM', ['UBND-BA-DINH']);

    const [departments, communes] = reorganizations;
    const march = await stack.http.post('/api/agencies/reorganizations?dryRun=true').set(auth(admin)).send(departments).expect(200);
    expect(march.body).toMatchObject({ id: null, effectiveDate: '2025-03-01', applied: false, dryRun: true, movedTasks: 1 });
    expect(march.body.moves).toEqual([expect.objectContaining({ taskId: planning, from: 'SKHDT', to: 'STC', coordinatingAgencies: ['SNNMT'] })]);

    const july = await stack.http.post('/api/agencies/reorganizations?dryRun=true').set(auth(admin)).send(communes).expect(200);
    expect(july.body).toMatchObject({ effectiveDate: '2025-07-01', applied: false, dryRun: true, movedTasks: 1 });
    expect(july.body.moves).toEqual([
      expect.objectContaining({ taskId: oldQuarter, from: 'UBND-HOAN-KIEM', to: 'UBND-P-HOAN-KIEM', coordinatingAgencies: ['UBND-P-BA-DINH'] }),
    ]);
    expect(communes.changes.filter((change) => change.kind === 'create')).toHaveLength(126);
    expect(communes.changes.filter((change) => change.kind === 'abolish')).toHaveLength(30);

    // Nothing changed: no reorganisation stored, the districts and SKHDT still stand, no ward exists.
    expect((await stack.http.get('/api/agencies/reorganizations').set(auth(admin)).expect(200)).body).toEqual([]);
    const directory = (await stack.http.get('/api/agencies').set(auth(admin)).expect(200)).body as { code: string; validTo: string | null }[];
    const codes = directory.map((agency) => agency.code);
    expect(codes).toEqual(expect.arrayContaining(['SKHDT', 'STNMT', 'UBND-HOAN-KIEM', 'UBND-SOC-SON']));
    expect(codes.filter((code) => /^UBND-[PX]-/.test(code))).toEqual([]);
    expect(directory.find((agency) => agency.code === 'SKHDT')?.validTo).toBeNull();
    const task = await stack.http.get(`/api/tasks/${oldQuarter}`).set(auth(coordinator)).expect(200);
    expect(task.body.leadAgency).toBe('UBND-HOAN-KIEM');
  });

  it('is applied by the reorganize script over HTTP, and a rerun changes nothing', async () => {
    await stack.app.listen(0, '127.0.0.1');
    const { port } = stack.app.getHttpServer().address() as AddressInfo;
    const options = { file: path.join(__dirname, '../../data/reorganizations/hanoi-2025.yaml'), api: `http://127.0.0.1:${port}/api`, token: admin };
    const district = await createTask('UBND-SOC-SON');

    const applied = await reorganizeFromFile({ ...options, dryRun: false });
    // Both dates are past: each step is applied at once, the earlier first (the planning task moved in the first test's dry run only).
    expect(applied.map((step) => [step.effectiveDate, step.outcome])).toEqual([
      ['2025-03-01', 'applied'],
      ['2025-07-01', 'applied'],
    ]);
    expect(applied[0].movedTasks).toBe(1); // the SKHDT task of the first test
    expect(applied[1].movedTasks).toBe(2); // its Hoàn Kiếm task and the Sóc Sơn one
    const moved = await stack.http.get(`/api/tasks/${district}`).set(auth(coordinator)).expect(200);
    expect(moved.body.leadAgency).toBe('UBND-X-SOC-SON');

    // Today's directory (`?at=`): the communes and wards, no district, no SKHDT.
    const day = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const directory = (await stack.http.get(`/api/agencies?at=${day}`).set(auth(admin)).expect(200)).body as { code: string; groups: string[] }[];
    expect(directory.filter((agency) => agency.groups.includes('COMMUNES'))).toHaveLength(126);
    expect(directory.filter((agency) => agency.groups.includes('DISTRICTS'))).toEqual([]);
    expect(directory.map((agency) => agency.code)).not.toEqual(expect.arrayContaining(['SKHDT']));
    // Without `at`, the ended ones follow, each with its successors.
    const withEnded = (await stack.http.get('/api/agencies').set(auth(admin)).expect(200)).body as { code: string; validTo: string | null; successorCode: string | null }[];
    expect(withEnded.filter((agency) => agency.validTo !== null && agency.validTo < day)).toHaveLength(withEnded.length - directory.length);
    expect(withEnded.find((agency) => agency.code === 'SKHDT')).toMatchObject({ validTo: '2025-02-28', successorCode: 'STC' });

    const rerun = await reorganizeFromFile({ ...options, dryRun: false });
    expect(rerun.map((step) => step.outcome)).toEqual(['skipped', 'skipped']);
  });
});

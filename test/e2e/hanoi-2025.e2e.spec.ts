import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseReorganizationFile, type ReorganizationRequest } from '@giaoviec/domain';
import { startTestStack, type TestStack } from '../support/test-stack';

/**
 * Issue 11 item 7: the 2025 reorganisation of Hanoi (data/reorganizations/hanoi-2025.yaml) dry-runs
 * through the API against the seeded directory — the department merges and the 30 districts into
 * 126 communes and wards — and nothing changes. (Its full application is the domain's unit test.)
 */
describe('Hanoi 2025 reorganisation file (end to end, dry run)', () => {
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
});

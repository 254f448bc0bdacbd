import { replayHistories } from '../support/replay';
import { startTestStack, type TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

/**
 * Operators find work by search attributes (libs/contracts/src/search-attributes.ts) in the Temporal CLI and
 * Web UI: each task workflow carries its plan, lead agency, status, category, due date and escalation level,
 * upserted as they change, through the real worker and Temporal's visibility store.
 */
describe('search attributes (end to end)', () => {
  let stack: TestStack;
  let coordinator: string;
  let finance: string;
  const workflowIds: string[] = [];
  const uiUrl = 'http://temporal-ui.test:8233';

  beforeAll(async () => {
    stack = await startTestStack({ TEMPORAL_UI_URL: uiUrl });
    coordinator = await stack.tokenFor({ sub: 'skhdt.dieuphoi', role: 'coordinator' });
    finance = await stack.tokenFor({ sub: 'stc.chuyenvien', role: 'agency', agency: 'STC' });
  });

  afterAll(async () => {
    await stack?.close();
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const listIds = async (query: string) => {
    const ids: string[] = [];
    for await (const execution of stack.client.workflow.list({ query })) ids.push(execution.workflowId);
    return ids;
  };

  async function createTask(body: Record<string, unknown>) {
    const response = await stack.http
      .post('/api/tasks')
      .set(auth(coordinator))
      .send({ title: 'Xử lý tài sản, công nợ của các HTX giải thể', leadAgency: 'STC', dueAt: new Date(Date.now() + 14 * 86_400_000).toISOString(), ...body })
      .expect(201);
    workflowIds.push(response.body.workflowId);
    return response.body as { id: string; workflowId: string };
  }

  it('lists an accepted task by agency and category completed_on_time', async () => {
    const task = await createTask({});
    const byId = `WorkflowId="${task.workflowId}"`;
    await waitFor(() => listIds(`${byId} AND GiaoviecAgency="STC" AND GiaoviecCategory="in_progress_on_time" AND GiaoviecStatus="assigned"`), (ids) => ids.length === 1);

    await stack.http.post(`/api/tasks/${task.id}/acknowledge`).set(auth(finance)).expect(200);
    await stack.http.post(`/api/tasks/${task.id}/submit`).set(auth(finance)).send({ summary: 'Đã xử lý xong' }).expect(200);
    await stack.http.post(`/api/tasks/${task.id}/accept`).set(auth(coordinator)).expect(200);

    const ids = await waitFor(
      () => listIds(`GiaoviecAgency="STC" AND GiaoviecCategory="completed_on_time" AND GiaoviecPlan="ADHOC"`),
      (found) => found.includes(task.workflowId),
    );
    expect(ids).toContain(task.workflowId);
    const description = await stack.client.workflow.getHandle(task.workflowId).describe();
    expect(description.typedSearchAttributes.getAll().map(({ key, value }) => [key.name, value instanceof Date ? 'date' : value])).toEqual(
      expect.arrayContaining([
        ['GiaoviecStatus', 'completed'],
        ['GiaoviecEscalationLevel', 0],
        ['GiaoviecDueAt', 'date'],
      ]),
    );
  });

  it('turns the category overdue at the due moment', async () => {
    const task = await createTask({ dueAt: new Date(Date.now() + 3_000).toISOString(), policy: { remindBefore: [], escalateAfter: [] } });
    await waitFor(
      () => listIds(`WorkflowId="${task.workflowId}" AND GiaoviecCategory="in_progress_overdue"`),
      (ids) => ids.length === 1,
    );
  });

  it('links coordinators, not agencies, to the workflow in the Temporal Web UI', async () => {
    const task = await createTask({});
    const forCoordinator = (await stack.http.get(`/api/tasks/${task.id}`).set(auth(coordinator)).expect(200)).body;
    expect(forCoordinator.temporalUiUrl).toBe(`${uiUrl}/namespaces/default/workflows/${encodeURIComponent(task.workflowId)}`);
    const forAgency = (await stack.http.get(`/api/tasks/${task.id}`).set(auth(finance)).expect(200)).body;
    expect(forAgency.temporalUiUrl).toBeUndefined();
  });

  it('replays every history it produced with the current workflow code', async () => {
    expect(await replayHistories(stack.client, workflowIds, 'search-attributes')).toEqual([]);
  });
});

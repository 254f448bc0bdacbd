import { initialTaskState, searchAttributeDefinitions, taskSearchAttributes } from '@giaoviec/contracts';

describe('task search attributes', () => {
  const dueAt = '2026-12-10T00:00:00.000Z';
  const state = initialTaskState({
    taskId: 't1',
    leadAgency: 'STC',
    coordinatingAgencies: ['CT-HN'],
    dueAt,
    assignedAt: '2026-11-01T00:00:00.000Z',
  });
  const byName = (pairs: ReturnType<typeof taskSearchAttributes>) => Object.fromEntries(pairs.map(({ key, value }) => [key.name, value]));

  it('names the plan, the lead agency, the status, the category, the due date and the escalation level', () => {
    expect(byName(taskSearchAttributes('HN-2026-KTTT-HTX', state, Date.parse('2026-12-01T00:00:00Z')))).toEqual({
      GiaoviecPlan: 'HN-2026-KTTT-HTX',
      GiaoviecAgency: 'STC',
      GiaoviecStatus: 'assigned',
      GiaoviecCategory: 'in_progress_on_time',
      GiaoviecDueAt: new Date(dueAt),
      GiaoviecEscalationLevel: 0,
    });
  });

  it('turns the category overdue at the due moment, and late once completed after it', () => {
    expect(byName(taskSearchAttributes('P', state, Date.parse(dueAt))).GiaoviecCategory).toBe('in_progress_overdue');
    const late = { ...state, status: 'completed' as const, completedAt: '2026-12-11T00:00:00.000Z' };
    expect(byName(taskSearchAttributes('P', late, Date.parse('2026-12-12T00:00:00Z'))).GiaoviecCategory).toBe('completed_late');
  });

  it('gives the dev server its --search-attribute definitions', () => {
    expect(searchAttributeDefinitions()).toEqual([
      'GiaoviecPlan=Keyword',
      'GiaoviecAgency=Keyword',
      'GiaoviecStatus=Keyword',
      'GiaoviecCategory=Keyword',
      'GiaoviecDueAt=Datetime',
      'GiaoviecEscalationLevel=Int',
    ]);
  });
});

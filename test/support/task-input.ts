import type { TaskWorkflowInput } from '@giaoviec/contracts';
import { resolvePolicy } from '@giaoviec/domain';
import { randomUUID } from 'node:crypto';

/** A task for the Department of Finance, due tomorrow, with the default policy: what workflow tests start. */
export function testTaskInput(overrides: Partial<TaskWorkflowInput> = {}): TaskWorkflowInput {
  const taskId = overrides.taskId ?? randomUUID();
  return {
    taskId,
    planId: null,
    planCode: 'TEST',
    taskRef: taskId,
    title: 'Nhiệm vụ thử',
    description: null,
    leadAgency: 'STC',
    coordinatingAgencies: [],
    dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    assignedAt: new Date().toISOString(),
    policy: resolvePolicy(),
    assignedBy: { sub: 'dp', role: 'coordinator' },
    ...overrides,
  };
}

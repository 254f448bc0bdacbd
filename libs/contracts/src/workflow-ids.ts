/** Plan code used for tasks created one by one through `POST /api/tasks`. */
export const AD_HOC_PLAN_CODE = 'ADHOC';

/**
 * Workflow IDs are business keys, so starting the same task twice is refused by Temporal
 * instead of creating a duplicate: `task:<planCode>:<taskRef>:<agency>`.
 */
export function taskWorkflowId(planCode: string, taskRef: string, agency: string): string {
  for (const [name, part] of Object.entries({ planCode, taskRef, agency })) {
    if (!part || part.includes(':')) throw new Error(`${name} must be non-empty and contain no ':' (got "${part}")`);
  }
  return `task:${planCode}:${taskRef}:${agency}`;
}

/** Plan code used for tasks created one by one through `POST /api/tasks`. */
export const AD_HOC_PLAN_CODE = 'ADHOC';

/**
 * Workflow IDs are business keys, so starting the same task twice is refused by Temporal
 * instead of creating a duplicate: `task:<planCode>:<taskRef>:<agency>`.
 */
export function taskWorkflowId(planCode: string, taskRef: string, agency: string): string {
  return businessKey('task', { planCode, taskRef, agency });
}

/** `<kind>:<part>:<part>…`, each part non-empty and free of `:` so that the key parses back unambiguously. */
export function businessKey(kind: string, parts: Record<string, string>): string {
  for (const [name, part] of Object.entries(parts)) {
    if (!part || part.includes(':')) throw new Error(`${name} must be non-empty and contain no ':' (got "${part}")`);
  }
  return [kind, ...Object.values(parts)].join(':');
}

import { parseOffset, type PolicyOffset } from '../calendar/offset';
import type { ErrorDetail } from '../errors';
import { validatePolicyOverride, type EscalationTarget } from '../policy/policy';

/**
 * When a reporting round reminds and escalates: the task policy's `remindBefore` and `escalateAfter`
 * (DESIGN.md §4, same offsets: `<n>wd` or ISO 8601 durations). A round has no acknowledge step and no
 * extensions, so those fields are not part of it.
 */
export interface ReportingRoundPolicy {
  remindBefore: string[];
  escalateAfter: { after: string; to: EscalationTarget }[];
}

export type ReportingRoundPolicyOverride = Partial<ReportingRoundPolicy>;

/**
 * Defaults, in working days: remind 5, 3 and 1 before the deadline; at it the missing turn late and the
 * coordinating office is told; 3 working days later the leadership is told who is still missing.
 */
export const DEFAULT_REPORTING_ROUND_POLICY: ReportingRoundPolicy = {
  remindBefore: ['5wd', '3wd', '1wd'],
  escalateAfter: [
    { after: '0wd', to: 'coordinator' },
    { after: '3wd', to: 'leader' },
  ],
};

const ROUND_POLICY_KEYS = ['remindBefore', 'escalateAfter'];

/** Every problem of a submitted round policy, with paths under `prefix` (e.g. `policy.escalateAfter[0].to`). */
export function validateRoundPolicyOverride(raw: unknown, prefix = 'policy'): ErrorDetail[] {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return [{ path: prefix, message: 'phải là một đối tượng' }];
  const issues: ErrorDetail[] = [];
  for (const key of Object.keys(raw)) {
    if (!ROUND_POLICY_KEYS.includes(key)) {
      issues.push({ path: `${prefix}.${key}`, message: `trường không áp dụng cho đợt báo cáo (có: ${ROUND_POLICY_KEYS.join(', ')})` });
    }
  }
  const known = Object.fromEntries(Object.entries(raw).filter(([key]) => ROUND_POLICY_KEYS.includes(key)));
  return [...issues, ...validatePolicyOverride(known, prefix)];
}

/** Default ← override, field by field (validate the override first). */
export function resolveRoundPolicy(override?: ReportingRoundPolicyOverride | null): ReportingRoundPolicy {
  return {
    remindBefore: [...(override?.remindBefore ?? DEFAULT_REPORTING_ROUND_POLICY.remindBefore)],
    escalateAfter: (override?.escalateAfter ?? DEFAULT_REPORTING_ROUND_POLICY.escalateAfter).map((step) => ({ ...step })),
  };
}

export interface ParsedRoundPolicy {
  remindBefore: PolicyOffset[];
  escalateAfter: { after: PolicyOffset; to: EscalationTarget }[];
}

export function parseRoundPolicy(policy: ReportingRoundPolicy): ParsedRoundPolicy {
  return {
    remindBefore: policy.remindBefore.map(parseOffset),
    escalateAfter: policy.escalateAfter.map((step) => ({ after: parseOffset(step.after), to: step.to })),
  };
}

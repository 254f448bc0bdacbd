import { parseOffset, tryParseOffset, type PolicyOffset } from '../calendar/offset';
import type { ErrorDetail } from '../errors';

export const ESCALATION_TARGETS = ['coordinator', 'agency_head', 'leader'] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];

/** A complete policy, offsets as written (`3wd`, `PT5S`); what a task workflow receives. */
export interface TaskPolicy {
  acknowledgeWithin: string;
  acknowledgeEscalateAfter: string;
  remindBefore: string[];
  escalateAfter: { after: string; to: EscalationTarget }[];
  maxExtensions: number;
}

/** Any subset of a policy: a plan's or a task's override. */
export type PolicyOverride = Partial<TaskPolicy>;

/** DESIGN.md §2: the defaults, in working days. */
export const DEFAULT_POLICY: TaskPolicy = {
  acknowledgeWithin: '2wd',
  acknowledgeEscalateAfter: '3wd',
  remindBefore: ['7wd', '3wd', '1wd'],
  escalateAfter: [
    { after: '0wd', to: 'coordinator' },
    { after: '3wd', to: 'agency_head' },
    { after: '5wd', to: 'leader' },
  ],
  maxExtensions: 2,
};

/** Later layers win field by field: default ← plan ← task. */
export function resolvePolicy(...overrides: (PolicyOverride | null | undefined)[]): TaskPolicy {
  const policy: TaskPolicy = { ...DEFAULT_POLICY };
  for (const override of overrides) {
    if (!override) continue;
    for (const [key, value] of Object.entries(override)) {
      if (value !== undefined) (policy as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return policy;
}

const KNOWN_KEYS = ['acknowledgeWithin', 'acknowledgeEscalateAfter', 'remindBefore', 'escalateAfter', 'maxExtensions'];

/** Every problem of a submitted policy override, with paths under `prefix` (e.g. `policy.remindBefore[1]`). */
export function validatePolicyOverride(raw: unknown, prefix = 'policy'): ErrorDetail[] {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return [{ path: prefix, message: 'phải là một đối tượng' }];
  const issues: ErrorDetail[] = [];
  const value = raw as Record<string, unknown>;
  const checkOffset = (offset: unknown, path: string) => {
    const parsed = tryParseOffset(offset);
    if (!parsed.ok) issues.push({ path, message: parsed.error });
  };
  for (const key of Object.keys(value)) {
    if (!KNOWN_KEYS.includes(key)) issues.push({ path: `${prefix}.${key}`, message: `trường không được hỗ trợ (có: ${KNOWN_KEYS.join(', ')})` });
  }
  if (value.acknowledgeWithin !== undefined) checkOffset(value.acknowledgeWithin, `${prefix}.acknowledgeWithin`);
  if (value.acknowledgeEscalateAfter !== undefined) checkOffset(value.acknowledgeEscalateAfter, `${prefix}.acknowledgeEscalateAfter`);
  if (value.remindBefore !== undefined) {
    if (!Array.isArray(value.remindBefore)) issues.push({ path: `${prefix}.remindBefore`, message: 'phải là danh sách khoảng thời gian' });
    else value.remindBefore.forEach((offset, index) => checkOffset(offset, `${prefix}.remindBefore[${index}]`));
  }
  if (value.escalateAfter !== undefined) {
    if (!Array.isArray(value.escalateAfter)) {
      issues.push({ path: `${prefix}.escalateAfter`, message: 'phải là danh sách bậc {after, to}' });
    } else {
      value.escalateAfter.forEach((step, index) => {
        const path = `${prefix}.escalateAfter[${index}]`;
        if (step === null || typeof step !== 'object') return issues.push({ path, message: 'phải là {after, to}' });
        const { after, to, ...rest } = step as Record<string, unknown>;
        checkOffset(after, `${path}.after`);
        if (!ESCALATION_TARGETS.includes(to as EscalationTarget)) {
          issues.push({ path: `${path}.to`, message: `phải là một trong: ${ESCALATION_TARGETS.join(', ')}` });
        }
        for (const key of Object.keys(rest)) issues.push({ path: `${path}.${key}`, message: 'trường không được hỗ trợ' });
      });
    }
  }
  if (value.maxExtensions !== undefined && !(Number.isInteger(value.maxExtensions) && (value.maxExtensions as number) >= 0)) {
    issues.push({ path: `${prefix}.maxExtensions`, message: 'phải là số nguyên không âm' });
  }
  return issues;
}

/** A policy with its offsets parsed, for scheduling. Throws on a bad offset (validate first). */
export interface ParsedPolicy {
  acknowledgeWithin: PolicyOffset;
  acknowledgeEscalateAfter: PolicyOffset;
  remindBefore: PolicyOffset[];
  escalateAfter: { after: PolicyOffset; to: EscalationTarget }[];
  maxExtensions: number;
}

export function parsePolicy(policy: TaskPolicy): ParsedPolicy {
  return {
    acknowledgeWithin: parseOffset(policy.acknowledgeWithin),
    acknowledgeEscalateAfter: parseOffset(policy.acknowledgeEscalateAfter),
    remindBefore: policy.remindBefore.map(parseOffset),
    escalateAfter: policy.escalateAfter.map((step) => ({ after: parseOffset(step.after), to: step.to })),
    maxExtensions: policy.maxExtensions,
  };
}

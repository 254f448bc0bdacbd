import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributeUpdatePair } from '@temporalio/common';
import type { ReportingRoundState } from '../../domain/src/reporting/round-state';
import { categorize, type TaskState } from '../../domain/src/task';

/**
 * The search attributes giaoviec's workflows carry, so operators find work in the Temporal Web UI and CLI:
 * `temporal workflow list --query 'GiaoviecAgency="STC" AND GiaoviecCategory="in_progress_overdue"'`.
 */
export const GiaoviecPlan = defineSearchAttributeKey('GiaoviecPlan', SearchAttributeType.KEYWORD);
export const GiaoviecAgency = defineSearchAttributeKey('GiaoviecAgency', SearchAttributeType.KEYWORD);
export const GiaoviecStatus = defineSearchAttributeKey('GiaoviecStatus', SearchAttributeType.KEYWORD);
export const GiaoviecCategory = defineSearchAttributeKey('GiaoviecCategory', SearchAttributeType.KEYWORD);
export const GiaoviecDueAt = defineSearchAttributeKey('GiaoviecDueAt', SearchAttributeType.DATETIME);
export const GiaoviecEscalationLevel = defineSearchAttributeKey('GiaoviecEscalationLevel', SearchAttributeType.INT);

export const GIAOVIEC_SEARCH_ATTRIBUTES = [
  GiaoviecPlan,
  GiaoviecAgency,
  GiaoviecStatus,
  GiaoviecCategory,
  GiaoviecDueAt,
  GiaoviecEscalationLevel,
] as const;

/** The name the CLI and the operator API give each type (`temporal operator search-attribute create --type`). */
export const SEARCH_ATTRIBUTE_CLI_TYPES: Record<SearchAttributeType, string> = {
  [SearchAttributeType.TEXT]: 'Text',
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.INT]: 'Int',
  [SearchAttributeType.DOUBLE]: 'Double',
  [SearchAttributeType.BOOL]: 'Bool',
  [SearchAttributeType.DATETIME]: 'Datetime',
  [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
};

/** `Name=Type` pairs, as `temporal server start-dev --search-attribute` takes them. */
export function searchAttributeDefinitions(): string[] {
  return GIAOVIEC_SEARCH_ATTRIBUTES.map((key) => `${key.name}=${SEARCH_ATTRIBUTE_CLI_TYPES[key.type]}`);
}

/** A task workflow's search attributes for its state at `nowMs` (the category turns overdue at the due moment). */
export function taskSearchAttributes(planCode: string, state: TaskState, nowMs: number): SearchAttributeUpdatePair[] {
  const dueAtMs = Date.parse(state.dueAt);
  const category = categorize({ status: state.status, dueAtMs, completedAtMs: state.completedAt ? Date.parse(state.completedAt) : null, nowMs });
  return [
    { key: GiaoviecPlan, value: planCode },
    { key: GiaoviecAgency, value: state.leadAgency },
    { key: GiaoviecStatus, value: state.status },
    { key: GiaoviecCategory, value: category },
    { key: GiaoviecDueAt, value: new Date(dueAtMs) },
    { key: GiaoviecEscalationLevel, value: state.escalationLevel },
  ];
}

/** A reporting round's search attributes. */
export function roundSearchAttributes(planCode: string, state: ReportingRoundState): SearchAttributeUpdatePair[] {
  return [
    { key: GiaoviecPlan, value: planCode },
    { key: GiaoviecStatus, value: state.status },
  ];
}

import { z } from 'zod';
import { AGENCY_KINDS } from '../agency/agency';
import { daysInMonth } from './dates';

/**
 * The plan-file format: a government action plan (kế hoạch, chương trình) written as YAML or
 * JSON, imported by the coordinating office and issued as one workflow per task.
 *
 * Validation messages are English; data (names, titles) is Vietnamese.
 */

/** `YYYY-MM-DD`, a real calendar date. */
export const planDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine(isCalendarDate, 'not a calendar date');

/**
 * An offset: `<n>wd` (working days) or an ISO 8601 duration (`PT5S`, `P2D`, `P1W`, `PT1H30M`, `PT0.5S`).
 */
export const PLAN_OFFSET_PATTERN =
  /^(?:\d+wd|P(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?)$/;

export const planOffsetSchema = z
  .string()
  .regex(PLAN_OFFSET_PATTERN, 'expected an offset such as "3wd" (working days) or an ISO 8601 duration such as "PT5S"');

/** Agency and group codes: upper-case ASCII words joined by `-` (`STC`, `NHNN-HN`, `UBND-BA-DINH`). */
export const planAgencyCodeSchema = z
  .string()
  .regex(/^[A-Z0-9]+(?:-[A-Z0-9]+)*$/, 'expected an agency code: upper-case ASCII letters and digits joined by "-"');

export const PLAN_DEADLINE_RULES = ['before', 'by'] as const;
/** "trước ngày D" = `before` (due at 00:00 of D); "chậm nhất ngày D" / "đến ngày D" = `by` (due at the end of D). */
export const planDeadlineRuleSchema = z.enum(PLAN_DEADLINE_RULES);

export const PLAN_ESCALATION_TARGETS = ['coordinator', 'agency_head', 'leader'] as const;

/** The policy object of DESIGN §4; every field optional, so that a task can override only what differs. */
export const planPolicySchema = z
  .object({
    acknowledgeWithin: planOffsetSchema.optional(),
    acknowledgeEscalateAfter: planOffsetSchema.optional(),
    remindBefore: z.array(planOffsetSchema).optional(),
    escalateAfter: z
      .array(z.object({ after: planOffsetSchema, to: z.enum(PLAN_ESCALATION_TARGETS) }).strict())
      .optional(),
    maxExtensions: z.number().int().min(0).optional(),
  })
  .strict();

const nonEmpty = z.string().trim().min(1, 'must not be empty');

export const PLAN_REPORTING_PERIODS = ['month', 'quarter', 'half_year', 'year'] as const;

/** An exact period for `every` (ISO 8601 days/hours/minutes/seconds, e.g. `PT5S`): how tests run periodic rounds in seconds. */
const PLAN_REPORTING_INTERVAL_PATTERN = /^P(?=\d|T\d)(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$/;

/**
 * Periodic reporting as the document states it: "hằng tháng" (`month`), "hằng quý" (`quarter`), "định kỳ 6 tháng"
 * (`half_year`), "hằng năm" (`year`); `day` is the day of the period's last month by which the report is due
 * (e.g. "trước ngày 15 của tháng cuối quý"); absent: the period's last day. `dayOff: next_working_day` when the plan
 * says a due date that falls on a day off moves to the next working day. Issuing the plan opens a round for each
 * period of the plan's year (`periodicReportingRounds`, the reporting-schedule workflow). `every` may instead be an
 * exact period (`PT30S`) with a number of `times`, counted from the issue: tests run a whole schedule in seconds so.
 */
export const planReportingScheduleSchema = z
  .object({
    every: z.union([
      z.enum(PLAN_REPORTING_PERIODS),
      z.string().regex(PLAN_REPORTING_INTERVAL_PATTERN, 'expected month, quarter, half_year, year or an ISO 8601 duration such as "PT30S"'),
    ]),
    day: z.number().int().min(1).max(31).optional(),
    rule: planDeadlineRuleSchema.optional(),
    dayOff: z.enum(['keep', 'next_working_day']).optional(),
    /** How many periods of an exact `every` (required with it, at most 100). */
    times: z.number().int().min(1).max(100).optional(),
  })
  .strict()
  .superRefine((entry, ctx) => {
    const exact = !(PLAN_REPORTING_PERIODS as readonly string[]).includes(entry.every);
    if (exact && entry.times === undefined) ctx.addIssue({ code: 'custom', path: ['times'], message: 'an exact period needs "times"' });
    if (!exact && entry.times !== undefined) ctx.addIssue({ code: 'custom', path: ['times'], message: 'only an exact period takes "times"' });
  });

export const planReportingSchema = z
  .object({
    dueDate: planDateSchema,
    rule: planDeadlineRuleSchema,
    /** The agency that receives and compiles the reports (e.g. `SKHDT`). */
    recipient: planAgencyCodeSchema,
    description: z.string().optional(),
    /** Who must report (agency or group codes); absent: every agency that leads a task. */
    participants: z.array(planAgencyCodeSchema).optional(),
    /** Periodic reports besides the final deadline. */
    schedule: z.array(planReportingScheduleSchema).optional(),
  })
  .strict();

export const planAgencySchema = z
  .object({
    code: planAgencyCodeSchema,
    name: nonEmpty,
    kind: z.enum(AGENCY_KINDS),
    parentCode: planAgencyCodeSchema.optional(),
  })
  .strict();

export const planAgencyGroupSchema = z
  .object({
    code: planAgencyCodeSchema,
    name: nonEmpty,
    /** Agency codes (not group codes). */
    members: z.array(planAgencyCodeSchema).min(1, 'a group needs at least one member'),
  })
  .strict();

export const planSectionSchema = z.object({ ref: nonEmpty, title: nonEmpty }).strict();

export const planTaskDueSchema = z.union([
  z
    .object({
      date: planDateSchema,
      rule: planDeadlineRuleSchema.optional(),
      /** The document states no deadline: the date is the transcriber's (or the drafter's) assumption. */
      assumed: z.boolean().optional(),
    })
    .strict(),
  z.literal('reporting'),
]);

export const planTaskSchema = z
  .object({
    /** Source reference in the document, e.g. `III.4.g`. Unique within the plan. */
    ref: nonEmpty,
    /** The `ref` of a declared section. */
    section: nonEmpty,
    title: nonEmpty,
    description: z.string().optional(),
    /** Chủ trì: an agency code or a group code (a group fans out into one task per member). */
    leadAgency: planAgencyCodeSchema,
    /** Phối hợp: agency or group codes. */
    coordinatingAgencies: z.array(planAgencyCodeSchema).optional(),
    /** A date (rule defaults to the plan's `deadlineRule`) or `reporting`: the plan's reporting deadline. */
    due: planTaskDueSchema.optional(),
    policy: planPolicySchema.optional(),
    note: z.string().optional(),
    /**
     * The document only counts this task ("04 nhiệm vụ về …") and says nothing of its content: a plan with such a
     * task is refused at import, naming it (`validatePlanForIssue`), so that no empty task is issued.
     */
    placeholder: z.literal(true).optional(),
  })
  .strict();

export const PLAN_INDICATOR_AGGREGATIONS = ['sum', 'average', 'latest'] as const;

export const planIndicatorTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('at_least'), value: z.number() }).strict(),
  z.object({ kind: z.literal('at_most'), value: z.number() }).strict(),
  z.object({ kind: z.literal('exact'), value: z.number() }).strict(),
  /** "trên N" (more than N): strictly above. */
  z.object({ kind: z.literal('greater_than'), value: z.number() }).strict(),
  /** "dưới N" (under N): strictly below. */
  z.object({ kind: z.literal('less_than'), value: z.number() }).strict(),
  /** "khoảng N" (about N): within ±`tolerancePercent` % of N (default 5). */
  z
    .object({
      kind: z.literal('approx'),
      value: z.number(),
      tolerancePercent: z.number().min(0).max(100).optional(),
    })
    .strict(),
  z
    .object({ kind: z.literal('range'), min: z.number(), max: z.number() })
    .strict()
    .refine((t) => t.min <= t.max, { message: 'min must not exceed max', path: ['max'] }),
  z
    .object({
      kind: z.literal('growth'),
      /** Growth in the indicator's unit (usually %), at least `min`, at most `max`. */
      min: z.number(),
      max: z.number().optional(),
      /** The baseline value the growth is measured from, when the document gives one. */
      base: z.number().optional(),
    })
    .strict()
    .refine((t) => t.max === undefined || t.min <= t.max, { message: 'min must not exceed max', path: ['max'] }),
]);

export const planIndicatorSchema = z
  .object({
    code: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected an indicator code: letters, digits, ".", "_", "-"'),
    name: nonEmpty,
    unit: nonEmpty,
    target: planIndicatorTargetSchema,
    aggregation: z.enum(PLAN_INDICATOR_AGGREGATIONS),
    /** Agency or group codes that report actuals. */
    reporters: z.array(planAgencyCodeSchema).default([]),
    /** The target year (2030, 2045, …); absent: the plan's year. */
    horizon: z.number().int().min(1900).max(2200).optional(),
    ref: z.string().optional(),
    note: z.string().optional(),
  })
  .strict();

export const PLAN_STATED_COUNT_SUBJECTS = ['tasks', 'indicators', 'sections'] as const;

export const planStatedCountSchema = z
  .object({
    /** What the document counts, in its own words, e.g. "nhiệm vụ chi tiết". */
    subject: nonEmpty,
    stated: z.number().int().min(0),
    of: z.enum(PLAN_STATED_COUNT_SUBJECTS),
    /** Count only items whose ref (or, for tasks, section) is this ref or starts with it followed by "." */
    within: z.string().optional(),
  })
  .strict();

export const planFileSchema = z
  .object({
    code: z.string().regex(/^[A-Z0-9]+(?:-[A-Z0-9]+)*$/, 'expected a plan code such as "HN-2024-KTTT-HTX"'),
    title: nonEmpty,
    /** The document number, e.g. "Số: 123/KH-UBND". */
    number: z.string().optional(),
    /** Agency code of the issuing body. */
    issuer: planAgencyCodeSchema,
    /** Absent when the document leaves the date blank. */
    issuedDate: planDateSchema.optional(),
    year: z.number().int().min(1900).max(2200),
    legalBases: z.array(z.string()).default([]),
    /** Default deadline rule of task due dates. */
    deadlineRule: planDeadlineRuleSchema.default('by'),
    policy: planPolicySchema.optional(),
    reporting: planReportingSchema.optional(),
    /** Agencies the plan needs that the directory may not have (plans from other provinces). */
    agencies: z.array(planAgencySchema).optional(),
    groups: z.array(planAgencyGroupSchema).optional(),
    /** Where the plan was transcribed from. */
    source: z.string().optional(),
    description: z.string().optional(),
    sections: z.array(planSectionSchema),
    tasks: z.array(planTaskSchema),
    indicators: z.array(planIndicatorSchema).default([]),
    statedCounts: z.array(planStatedCountSchema).optional(),
  })
  .strict();

/** A validated plan file (defaults applied). */
export type PlanFile = z.output<typeof planFileSchema>;
/** A plan file as written (before defaults). */
export type PlanFileInput = z.input<typeof planFileSchema>;
export type PlanPolicy = z.output<typeof planPolicySchema>;
export type PlanTask = PlanFile['tasks'][number];
export type PlanTaskDue = NonNullable<PlanTask['due']>;
export type PlanIndicator = PlanFile['indicators'][number];
export type PlanIndicatorTarget = z.output<typeof planIndicatorTargetSchema>;
export type PlanReporting = z.output<typeof planReportingSchema>;
export type PlanAgency = z.output<typeof planAgencySchema>;
export type PlanAgencyGroup = z.output<typeof planAgencyGroupSchema>;
export type PlanSection = z.output<typeof planSectionSchema>;
export type PlanStatedCount = z.output<typeof planStatedCountSchema>;
export type PlanDeadlineRule = z.output<typeof planDeadlineRuleSchema>;
export type PlanReportingSchedule = z.output<typeof planReportingScheduleSchema>;
export type PlanReportingPeriod = (typeof PLAN_REPORTING_PERIODS)[number];
export type PlanEscalationTarget = (typeof PLAN_ESCALATION_TARGETS)[number];
export type PlanIndicatorAggregation = (typeof PLAN_INDICATOR_AGGREGATIONS)[number];

/** The JSON Schema of the plan-file format (as written: defaulted fields are optional). */
export function planJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(planFileSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { title: 'giaoviec plan file', ...schema };
}

/** The effective due date of a task: `{date, rule}`, or undefined when the task has none. */
export function resolvePlanTaskDue(
  plan: Pick<PlanFile, 'deadlineRule' | 'reporting'>,
  task: Pick<PlanTask, 'due'>,
): { date: string; rule: PlanDeadlineRule } | undefined {
  if (task.due === undefined) return undefined;
  if (task.due === 'reporting') {
    return plan.reporting ? { date: plan.reporting.dueDate, rule: plan.reporting.rule } : undefined;
  }
  return { date: task.due.date, rule: task.due.rule ?? plan.deadlineRule };
}

function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

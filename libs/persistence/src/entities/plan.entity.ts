import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** An imported plan (see migration 1732500000003-Plans). `document` is the validated plan file as stored. */
@Entity('plans')
export class PlanEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  code!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  number!: string | null;

  @Column({ type: 'varchar', length: 64 })
  issuer!: string;

  @Column({ name: 'issued_date', type: 'date', nullable: true })
  issuedDate!: string | null;

  @Column({ type: 'integer' })
  year!: number;

  /** The year of the file it was imported from (differs after `?year=` re-basing). */
  @Column({ name: 'template_year', type: 'integer' })
  templateYear!: number;

  @Column({ name: 'deadline_rule', type: 'varchar', length: 8 })
  deadlineRule!: string;

  @Column({ name: 'legal_bases', type: 'jsonb' })
  legalBases!: string[];

  @Column({ type: 'jsonb', nullable: true })
  policy!: Record<string, unknown> | null;

  @Column({ name: 'reporting_due_date', type: 'date', nullable: true })
  reportingDueDate!: string | null;

  @Column({ name: 'reporting_rule', type: 'varchar', length: 8, nullable: true })
  reportingRule!: string | null;

  @Column({ name: 'reporting_due_at', type: 'timestamptz', nullable: true })
  reportingDueAt!: Date | null;

  @Column({ name: 'reporting_recipient', type: 'varchar', length: 64, nullable: true })
  reportingRecipient!: string | null;

  @Column({ name: 'reporting_participants', type: 'varchar', array: true, nullable: true })
  reportingParticipants!: string[] | null;

  @Column({ name: 'reporting_description', type: 'text', nullable: true })
  reportingDescription!: string | null;

  @Column({ type: 'jsonb' })
  sections!: { ref: string; title: string }[];

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'text', nullable: true })
  source!: string | null;

  @Column({ type: 'jsonb' })
  document!: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'jsonb' })
  createdBy!: Record<string, unknown>;

  @Column({ name: 'issued_at', type: 'timestamptz', nullable: true })
  issuedAt!: Date | null;

  @Column({ name: 'issued_by', type: 'jsonb', nullable: true })
  issuedBy!: Record<string, unknown> | null;
}

/** A task of the plan as written: one agency, or a group whose members each get a child task. */
@Entity('plan_tasks')
export class PlanTaskEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'varchar', length: 128 })
  ref!: string;

  @Column({ name: 'section_ref', type: 'varchar', length: 128 })
  sectionRef!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** The lead as written: an agency code or a group code. */
  @Column({ name: 'lead_code', type: 'varchar', length: 64 })
  leadCode!: string;

  @Column({ name: 'is_group', type: 'boolean' })
  isGroup!: boolean;

  /** The agencies that each get a task (the group's members at import time). */
  @Column({ type: 'varchar', array: true })
  assignees!: string[];

  @Column({ name: 'coordinating_codes', type: 'varchar', array: true })
  coordinatingCodes!: string[];

  /** Coordinating agencies with groups expanded. */
  @Column({ name: 'coordinating_agencies', type: 'varchar', array: true })
  coordinatingAgencies!: string[];

  @Column({ name: 'due_date', type: 'date' })
  dueDate!: string;

  @Column({ name: 'due_rule', type: 'varchar', length: 8 })
  dueRule!: string;

  @Column({ name: 'due_source', type: 'varchar', length: 24 })
  dueSource!: string;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'jsonb', nullable: true })
  policy!: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}

@Entity('plan_indicators')
export class PlanIndicatorEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'varchar', length: 128 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  unit!: string;

  @Column({ type: 'jsonb' })
  target!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16 })
  aggregation!: string;

  @Column({ type: 'varchar', array: true })
  reporters!: string[];

  @Column({ type: 'integer' })
  horizon!: number;

  @Column({ type: 'text', nullable: true })
  ref!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}

/** A value an agency reported for an indicator (written by the reporting rounds). */
@Entity('indicator_actuals')
export class IndicatorActualEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'indicator_id', type: 'uuid' })
  indicatorId!: string;

  @Column({ type: 'varchar', length: 64 })
  agency!: string;

  @Column({ type: 'double precision' })
  value!: number;

  @Column({ name: 'reported_at', type: 'timestamptz' })
  reportedAt!: Date;

  /** What the value came from (e.g. a round report's ID): the idempotency key with indicator and agency. */
  @Column({ name: 'source_ref', type: 'text' })
  sourceRef!: string;

  @Column({ name: 'recorded_by', type: 'jsonb', nullable: true })
  recordedBy!: Record<string, unknown> | null;
}

@Entity('plan_warnings')
export class PlanWarningEntity {
  @PrimaryColumn({ name: 'plan_id', type: 'uuid' })
  planId!: string;

  @PrimaryColumn({ type: 'integer' })
  position!: number;

  @Column({ type: 'text', nullable: true })
  path!: string | null;

  @Column({ type: 'text' })
  message!: string;
}

/** An input (ý kiến phối hợp) a coordinating agency attached to a task. */
@Entity('task_inputs')
export class TaskInputEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @Column({ type: 'varchar', length: 64 })
  agency!: string;

  @Column({ type: 'text' })
  note!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'jsonb' })
  createdBy!: Record<string, unknown>;
}

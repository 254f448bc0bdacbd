import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The read model of a task, kept current by the projection activity; Temporal owns the live state. */
@Entity('tasks')
export class TaskEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'workflow_id', type: 'text', unique: true })
  workflowId!: string;

  @Column({ name: 'plan_id', type: 'uuid', nullable: true })
  planId!: string | null;

  @Column({ name: 'plan_code', type: 'varchar', length: 64 })
  planCode!: string;

  @Column({ name: 'task_ref', type: 'varchar', length: 128 })
  taskRef!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'lead_agency', type: 'varchar', length: 64 })
  leadAgency!: string;

  @Column({ name: 'coordinating_agencies', type: 'varchar', array: true, default: () => "'{}'" })
  coordinatingAgencies!: string[];

  @Column({ type: 'varchar', length: 32 })
  status!: string;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ name: 'original_due_at', type: 'timestamptz' })
  originalDueAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'progress_percent', type: 'smallint', default: 0 })
  progressPercent!: number;

  @Column({ name: 'escalation_level', type: 'smallint', default: 0 })
  escalationLevel!: number;

  @Column({ name: 'escalated_to', type: 'varchar', length: 32, nullable: true })
  escalatedTo!: string | null;

  /** The task's own policy override, as submitted (null: the plan's or the default policy). */
  @Column({ type: 'jsonb', nullable: true })
  policy!: Record<string, unknown> | null;

  @Column({ name: 'assigned_at', type: 'timestamptz' })
  assignedAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** Sequence number of the last event applied; projections only move it forward. */
  @Column({ type: 'integer' })
  version!: number;
}

import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only history of a task (a trigger refuses UPDATE and DELETE). */
@Entity('task_events')
export class TaskEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 48 })
  type!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'jsonb' })
  actor!: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;
}

import { AgencyEntity, AgencyGroupEntity, AgencyGroupMemberEntity } from './agency.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { IndicatorActualEntity, PlanEntity, PlanIndicatorEntity, PlanTaskEntity, PlanWarningEntity, TaskInputEntity } from './plan.entity';
import { TaskEventEntity } from './task-event.entity';
import { TaskEntity } from './task.entity';

export * from './agency.entity';
export * from './idempotency-key.entity';
export * from './plan.entity';
export * from './task-event.entity';
export * from './task.entity';

export const ENTITIES = [AgencyEntity, AgencyGroupEntity, AgencyGroupMemberEntity, TaskEntity, TaskEventEntity, IdempotencyKeyEntity,
  PlanEntity, PlanTaskEntity, PlanIndicatorEntity, IndicatorActualEntity, PlanWarningEntity, TaskInputEntity];

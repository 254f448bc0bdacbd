export * from './task-queues';
export * from './workflow-ids';
export * from './task-workflow.contract';
export * from './plan-issue.contract';
export * from './reporting-round.contract';
export * from './delivery.contract';
export * from './search-attributes';
export * from './reorganization.contract';

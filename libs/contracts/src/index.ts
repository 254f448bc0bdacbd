export * from './task-queues';
export * from './workflow-ids';
export * from './task-workflow.contract';

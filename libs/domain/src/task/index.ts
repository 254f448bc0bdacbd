export * from './task-status';
export * from './task-events';
export * from './task-lifecycle';
export * from './task-access';
export * from './task-state';
export * from './task-rules';
export * from './alarms';
export * from './notification-text';

export * from './task-status';
export * from './task-events';
export * from './task-lifecycle';
export * from './task-access';
export * from './alarms';
export * from './notification-text';

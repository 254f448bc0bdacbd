export * from './task-projection.activities';
export * from './plan-issue.activities';

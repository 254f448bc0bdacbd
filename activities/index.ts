export * from './task-projection.activities';
export * from './plan-issue.activities';
export * from './reporting-round.activities';
export * from './digest.activities';
export * from './reorganization.activities';
export * from './reporting-schedule.activities';

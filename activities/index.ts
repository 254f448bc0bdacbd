export * from './task-projection.activities';

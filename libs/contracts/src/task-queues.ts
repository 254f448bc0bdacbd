/** Task queue served by apps/worker for task workflows and their activities. */
export const TASK_QUEUE = 'giaoviec-tasks';

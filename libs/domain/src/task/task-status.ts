export const TASK_STATUSES = ['assigned', 'acknowledged', 'in_progress', 'submitted', 'completed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const OPEN_TASK_STATUSES: readonly TaskStatus[] = ['assigned', 'acknowledged', 'in_progress', 'submitted'];

export function isOpenStatus(status: TaskStatus): boolean {
  return OPEN_TASK_STATUSES.includes(status);
}

/** The four categories of Vietnamese task-tracking reports, plus `cancelled`. */
export const TASK_CATEGORIES = [
  'completed_on_time',
  'completed_late',
  'in_progress_on_time',
  'in_progress_overdue',
  'cancelled',
] as const;
export type TaskCategory = (typeof TASK_CATEGORIES)[number];

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  assigned: 'Đã giao',
  acknowledged: 'Đã tiếp nhận',
  in_progress: 'Đang thực hiện',
  submitted: 'Đã báo cáo kết quả',
  completed: 'Hoàn thành',
  cancelled: 'Đã hủy',
};

export const TASK_CATEGORY_LABELS: Record<TaskCategory, string> = {
  completed_on_time: 'Hoàn thành đúng hạn',
  completed_late: 'Hoàn thành quá hạn',
  in_progress_on_time: 'Đang thực hiện trong hạn',
  in_progress_overdue: 'Đang thực hiện quá hạn',
  cancelled: 'Đã hủy',
};

/**
 * Category of a task at `nowMs`, against the due date in force.
 * A completed task is late when it completed after its due date; an open task is overdue once
 * `nowMs` has reached its due date.
 */
export function categorize(task: {
  status: TaskStatus;
  dueAtMs: number;
  completedAtMs?: number | null;
  nowMs: number;
}): TaskCategory {
  switch (task.status) {
    case 'cancelled':
      return 'cancelled';
    case 'completed':
      return (task.completedAtMs ?? task.nowMs) <= task.dueAtMs ? 'completed_on_time' : 'completed_late';
    default:
      return task.nowMs >= task.dueAtMs ? 'in_progress_overdue' : 'in_progress_on_time';
  }
}

import { canSeeTask, type TaskAccessSubject, type TaskParties } from '../task/task-access';
import { isOpenStatus, type TaskStatus } from '../task/task-status';

/**
 * Who may attach an input (ý kiến phối hợp) to a task: an agency that coordinates it (phối hợp), while
 * the task is open. The lead agency reports through progress and results instead.
 * Returns null when allowed, else why not: `hidden` (answer 404: the task's existence stays hidden),
 * `forbidden` (403) or `closed` (409).
 */
export function taskInputRefusal(
  user: TaskAccessSubject,
  task: TaskParties & { status: TaskStatus },
): { reason: 'hidden' | 'forbidden' | 'closed'; message: string } | null {
  if (!canSeeTask(user, task)) return { reason: 'hidden', message: 'Không tìm thấy nhiệm vụ.' };
  if (user.role !== 'agency' || !user.agency || !task.coordinatingAgencies.includes(user.agency)) {
    return { reason: 'forbidden', message: 'Chỉ cơ quan phối hợp của nhiệm vụ mới gửi được ý kiến phối hợp.' };
  }
  if (!isOpenStatus(task.status)) return { reason: 'closed', message: 'Nhiệm vụ đã kết thúc, không nhận thêm ý kiến phối hợp.' };
  return null;
}

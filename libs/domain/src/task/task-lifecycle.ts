import { TaskStatus } from './task-status';

export type TaskCommandType =
  | 'acknowledge'
  | 'report_progress'
  | 'submit'
  | 'accept'
  | 'return'
  | 'cancel'
  | 'request_extension'
  | 'decide_extension'
  | 'reassign';

const WORKING: readonly TaskStatus[] = ['assigned', 'acknowledged', 'in_progress'];

const ALLOWED_FROM: Record<TaskCommandType, readonly TaskStatus[]> = {
  acknowledge: ['assigned'],
  report_progress: ['acknowledged', 'in_progress'],
  submit: ['acknowledged', 'in_progress'],
  accept: ['submitted'],
  return: ['submitted'],
  cancel: ['assigned', 'acknowledged', 'in_progress', 'submitted'],
  request_extension: WORKING,
  decide_extension: ['assigned', 'acknowledged', 'in_progress', 'submitted'],
  reassign: WORKING,
};

const REFUSAL_BY_STATUS: Record<TaskStatus, string> = {
  assigned: 'Nhiệm vụ chưa được tiếp nhận',
  acknowledged: 'Nhiệm vụ đã được tiếp nhận',
  in_progress: 'Nhiệm vụ đang được thực hiện, chưa báo cáo kết quả',
  submitted: 'Nhiệm vụ đã báo cáo kết quả, đang chờ cơ quan điều phối xem xét',
  completed: 'Nhiệm vụ đã hoàn thành',
  cancelled: 'Nhiệm vụ đã bị hủy',
};

const COMMAND_LABELS: Record<TaskCommandType, string> = {
  acknowledge: 'tiếp nhận',
  report_progress: 'báo cáo tiến độ',
  submit: 'báo cáo kết quả',
  accept: 'nghiệm thu',
  return: 'trả lại',
  cancel: 'hủy',
  request_extension: 'xin gia hạn',
  decide_extension: 'quyết định gia hạn',
  reassign: 'giao lại',
};

/** Why `command` may not be applied in `status`, or `null` when it may. */
export function refusalReason(status: TaskStatus, command: TaskCommandType): string | null {
  if (ALLOWED_FROM[command].includes(status)) return null;
  return `Không thể ${COMMAND_LABELS[command]}: ${REFUSAL_BY_STATUS[status].toLowerCase()}.`;
}

/** The status after `command` from `status`; call only when `refusalReason` is null. */
export function nextStatus(status: TaskStatus, command: TaskCommandType): TaskStatus {
  switch (command) {
    case 'acknowledge':
      return 'acknowledged';
    case 'report_progress':
      return 'in_progress';
    case 'submit':
      return 'submitted';
    case 'accept':
      return 'completed';
    case 'return':
      return 'in_progress';
    case 'cancel':
      return 'cancelled';
    case 'reassign':
      return 'assigned'; // the new lead agency starts with a fresh acknowledge clock
    case 'request_extension':
    case 'decide_extension':
      return status;
  }
}

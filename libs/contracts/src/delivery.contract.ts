/** Task queue of the delivery worker: the daily digest workflow and its activity. */
export const DELIVERY_TASK_QUEUE = 'giaoviec-delivery';
/** The Temporal Schedule that starts the daily digest at 07:30 Asia/Ho_Chi_Minh every day (the activity skips days off). */
export const DAILY_DIGEST_SCHEDULE_ID = 'giaoviec-daily-digest';
export const DAILY_DIGEST_WORKFLOW_TYPE = 'dailyDigestWorkflow';
export const DAILY_DIGEST_WORKFLOW_ID_PREFIX = 'daily-digest';

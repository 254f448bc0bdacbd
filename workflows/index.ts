export { taskWorkflow } from './task.workflow';
export { planIssueWorkflow } from './plan-issue.workflow';
export { reportingRoundWorkflow } from './reporting-round.workflow';
export { dailyDigestWorkflow } from './daily-digest.workflow';
export { reorganizationWorkflow } from './reorganization.workflow';
export { planReportingScheduleWorkflow } from './reporting-schedule.workflow';

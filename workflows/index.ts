export { taskWorkflow } from './task.workflow';
export { planIssueWorkflow } from './plan-issue.workflow';

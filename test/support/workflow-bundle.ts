import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import fs from 'node:fs';

/**
 * The worker's WORKFLOWS_PATH (apps/worker/src/task-worker.ts), named here by path: the global setup loads this
 * module outside Jest's module mapping, where the worker's `@giaoviec/*` imports do not resolve.
 */
const WORKFLOWS_PATH = require.resolve('../../workflows');

/** Where the global setup leaves the bundle for every test file of the run. */
const BUNDLE_FILE_ENV = 'GIAOVIEC_TEST_WORKFLOW_BUNDLE';

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

function bundle(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
}

/**
 * Bundles the workflow code once for the whole run (global setup) into `file`: each test file bundling its own
 * cost seconds of CPU per file, which on two cores is minutes per run.
 */
export async function bundleWorkflowsForRun(file: string): Promise<void> {
  fs.writeFileSync(file, JSON.stringify(await bundle()));
  process.env[BUNDLE_FILE_ENV] = file;
}

/** The run's bundle when the global setup made one, else a bundle of this test file's own. */
export function loadWorkflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  const file = process.env[BUNDLE_FILE_ENV];
  if (file && fs.existsSync(file)) return Promise.resolve(JSON.parse(fs.readFileSync(file, 'utf8')) as WorkflowBundleWithSourceMap);
  return bundle();
}

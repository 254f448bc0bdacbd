/**
 * Container healthchecks (docker-compose.yml, or a systemd watchdog): `node dist/scripts/healthcheck.js api|worker`.
 * Exit 0 when healthy. `api`: GET /api/health on this host answers 200. `worker`: this host's worker
 * (Temporal's default identity is `pid@hostname`) has polled both task queues within the last minute.
 */
import { Connection } from '@temporalio/client';
import os from 'node:os';
import { loadServiceConfig } from '@giaoviec/config';
import { PLAN_ISSUE_TASK_QUEUE, TASK_QUEUE } from '@giaoviec/contracts';

const POLLED_WITHIN_MS = 60_000;

async function apiHealthy(): Promise<string | undefined> {
  const port = process.env.PORT || '3000';
  const response = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(5000) });
  return response.ok ? undefined : `GET /api/health answered ${response.status}`;
}

async function workerHealthy(): Promise<string | undefined> {
  const config = loadServiceConfig();
  const connection = await Connection.connect({ address: config.temporalAddress, connectTimeout: 5000 });
  try {
    for (const taskQueue of [TASK_QUEUE, PLAN_ISSUE_TASK_QUEUE]) {
      const { pollers } = await connection.workflowService.describeTaskQueue({
        namespace: config.temporalNamespace,
        taskQueue: { name: taskQueue },
      });
      const recent = pollers.filter(
        (poller) =>
          poller.identity?.endsWith(`@${os.hostname()}`) &&
          Date.now() - Number(poller.lastAccessTime?.seconds ?? 0) * 1000 < POLLED_WITHIN_MS,
      );
      if (!recent.length) return `no poller from ${os.hostname()} on task queue ${taskQueue} within ${POLLED_WITHIN_MS / 1000} s`;
    }
    return undefined;
  } finally {
    await connection.close();
  }
}

const checks: Record<string, () => Promise<string | undefined>> = { api: apiHealthy, worker: workerHealthy };
const check = checks[process.argv[2] ?? ''];
if (!check) {
  console.error('usage: healthcheck.js api|worker');
  process.exit(2);
}
check().then(
  (problem) => {
    if (problem) console.error(`unhealthy: ${problem}`);
    process.exit(problem ? 1 : 0);
  },
  (error) => {
    console.error(`unhealthy: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

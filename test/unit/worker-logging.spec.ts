import { Writable } from 'node:stream';
import pino from 'pino';
import { pinoOptions, temporalCoreLogFilter, temporalPinoLogger } from '../../libs/infra/src/logging';

/** The worker's Temporal SDK lines go through pino with the SDK's attributes (libs/infra/src/logging.ts). */
describe('worker logging', () => {
  function capture(level = 'trace') {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    return { logger: pino({ ...pinoOptions({ logLevel: 'log', logFormat: 'json' }, 'worker'), level }, stream), lines };
  }

  it("writes the SDK's lines at their level with their attributes, without symbol keys", () => {
    const { logger, lines } = capture();
    const sdk = temporalPinoLogger(logger);
    sdk.debug('Activity completed', { workflowId: 'task:ADHOC:1:STC', workflowRunId: 'r1', activityType: 'recordTaskEvent', [Symbol('ts')]: 1n });
    sdk.log('WARN', 'Workflow task duration exceeded 5 seconds', { sdkComponent: 'core' });
    sdk.error('Workflow failed', { workflowId: 'w', runId: 'r', workflowType: 'taskWorkflow' });
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [20, 'Activity completed'],
      [40, 'Workflow task duration exceeded 5 seconds'],
      [50, 'Workflow failed'],
    ]);
    expect(lines[0]).toMatchObject({ name: 'worker', workflowId: 'task:ADHOC:1:STC', workflowRunId: 'r1', activityType: 'recordTaskEvent' });
    expect(lines[2]).toMatchObject({ workflowId: 'w', runId: 'r', workflowType: 'taskWorkflow' });
  });

  it('follows LOG_LEVEL: the SDK debug lines only at debug', () => {
    const { logger, lines } = capture(pinoOptions({ logLevel: 'log', logFormat: 'json' }, 'worker').level);
    temporalPinoLogger(logger).debug('Activity completed', {});
    temporalPinoLogger(logger).info('Worker state changed', { state: 'RUNNING' });
    expect(lines.map((line) => line.msg)).toEqual(['Worker state changed']);
  });

  it("forwards the SDK core's INFO lines only from debug on", () => {
    expect(temporalCoreLogFilter({ logLevel: 'log', logFormat: 'json' })).toEqual({ core: 'WARN', other: 'ERROR' });
    expect(temporalCoreLogFilter({ logLevel: 'debug', logFormat: 'json' }).core).toBe('INFO');
  });

  it('prints readable lines for a terminal with LOG_FORMAT=pretty', () => {
    expect(pinoOptions({ logLevel: 'log', logFormat: 'pretty' }, 'api').transport).toMatchObject({ target: 'pino-pretty' });
    expect(pinoOptions({ logLevel: 'log', logFormat: 'json' }, 'api').transport).toBeUndefined();
  });
});

import { BadRequestException, Logger } from '@nestjs/common';
import { COMMAND_REFUSED_FAILURE, ROUND_COMMAND_REFUSED_FAILURE } from '../../libs/contracts/src';
import { DomainError, validationFailed } from '../../libs/domain/src';
import { ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DependencyUnavailableException, UnauthenticatedException } from '../../apps/api/src/common/api-exceptions';
import { toErrorBody } from '../../apps/api/src/common/error-response';
import { RouteIdPipe } from '../../apps/api/src/common/route-ids';
import { translateTemporalFailure } from '../../apps/api/src/temporal/temporal.gateway';

// The error map logs unknown errors and 5xx with their stack; keep the test output quiet.
Logger.overrideLogger(false);

describe('the error map (contract shape {statusCode, error, message, details?})', () => {
  it('answers each domain code with its status', () => {
    expect(toErrorBody(new DomainError('VALIDATION_FAILED', 'x', [{ path: 'dueAt', message: 'bad' }]))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'x',
      details: [{ path: 'dueAt', message: 'bad' }],
    });
    expect(toErrorBody(new DomainError('FORBIDDEN', 'x')).statusCode).toBe(403);
    expect(toErrorBody(new DomainError('NOT_FOUND', 'x')).statusCode).toBe(404);
    expect(toErrorBody(new DomainError('INVALID_STATE', 'x'))).toEqual({ statusCode: 409, error: 'Conflict', message: 'x' });
    expect(toErrorBody(new DomainError('CONFLICT', 'x')).statusCode).toBe(409);
  });

  it("answers the API's own failures: 401 and 503", () => {
    expect(toErrorBody(new UnauthenticatedException('Cần đăng nhập.'))).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Cần đăng nhập.' });
    expect(toErrorBody(new DependencyUnavailableException('Thử lại sau.'))).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'Thử lại sau.' });
  });

  it('keeps Nest exceptions and hides unknown errors behind a generic 500', () => {
    expect(toErrorBody(new BadRequestException('thiếu'))).toMatchObject({ statusCode: 400, message: 'thiếu' });
    expect(toErrorBody(new Error('secret stack'))).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Lỗi hệ thống, vui lòng thử lại sau.' });
  });

  it('names every bad field once in a validation message', () => {
    const error = validationFailed([
      { path: 'dueAt', message: 'a' },
      { path: 'dueAt', message: 'b' },
      { path: 'policy', message: 'c' },
    ]);
    expect(error.message).toBe('Dữ liệu không hợp lệ: dueAt, policy');
    expect(error.details).toHaveLength(3);
  });
});

describe('route ids', () => {
  it('lets an id of the right shape through', async () => {
    expect(await new RouteIdPipe('task').transform('0b9d8e7c-6a51-4c3e-a5f7-6f1c2a9e8d4b')).toBe('0b9d8e7c-6a51-4c3e-a5f7-6f1c2a9e8d4b');
    expect(await new RouteIdPipe('notification').transform('42')).toBe('42');
  });

  it('answers an id that cannot name anything as a 404 naming what was looked for', async () => {
    const answer = (resource: ConstructorParameters<typeof RouteIdPipe>[0], id: string) =>
      new RouteIdPipe(resource).transform(id).then(
        () => Promise.reject(new Error(`expected ${id} to be refused`)),
        (error: unknown) => toErrorBody(error),
      );
    expect(await answer('task', 'not-a-uuid')).toEqual({ statusCode: 404, error: 'Not Found', message: 'Không tìm thấy nhiệm vụ.' });
    expect(await answer('plan', '123')).toMatchObject({ statusCode: 404, message: 'Không tìm thấy kế hoạch.' });
    expect(await answer('reportingRound', 'x')).toMatchObject({ statusCode: 404, message: 'Không tìm thấy đợt báo cáo.' });
    expect(await answer('notification', 'abc')).toMatchObject({ statusCode: 404, message: 'Không tìm thấy thông báo.' });
  });
});

describe("the Temporal gateway's translation of failures", () => {
  it('turns a refusal by either workflow into a 409 with its reason', () => {
    for (const type of [COMMAND_REFUSED_FAILURE, ROUND_COMMAND_REFUSED_FAILURE]) {
      const refused = new WorkflowUpdateFailedError('update failed', ApplicationFailure.create({ type, message: 'Nhiệm vụ chưa được nộp.' }));
      expect(toErrorBody(translateTemporalFailure(refused, 'ended'))).toEqual({ statusCode: 409, error: 'Conflict', message: 'Nhiệm vụ chưa được nộp.' });
    }
  });

  it('turns a workflow that no longer runs into a 409 saying so', () => {
    const gone = new WorkflowNotFoundError('not found', 'task:ADHOC:x:STC', undefined);
    expect(toErrorBody(translateTemporalFailure(gone, 'Nhiệm vụ đã kết thúc, không thể thay đổi.'))).toMatchObject({
      statusCode: 409,
      message: 'Nhiệm vụ đã kết thúc, không thể thay đổi.',
    });
  });

  it('turns an unreachable server into a 503 and leaves anything else alone', () => {
    expect(toErrorBody(translateTemporalFailure(new ServiceError('14 UNAVAILABLE')))).toMatchObject({ statusCode: 503 });
    // An update a busy worker did not answer in time: the client retries it with its key (same update ID).
    expect(toErrorBody(translateTemporalFailure(new WorkflowUpdateRPCTimeoutOrCancelledError('context deadline exceeded')))).toMatchObject({ statusCode: 503 });
    const other = new WorkflowUpdateFailedError('update failed', ApplicationFailure.create({ type: 'Bug', message: 'boom' }));
    expect(translateTemporalFailure(other, 'ended')).toBe(other);
  });
});

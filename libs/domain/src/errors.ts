/**
 * What the domain refuses, by a stable code: bad input, a missing thing, a role or agency that may not act,
 * a command the state does not allow, a clash with what exists. Failures of the API itself (who is calling,
 * whether Temporal answers) are not domain errors: the API has its own exceptions. The API maps both to
 * HTTP in one place (apps/api/src/common/error-response.ts), so domain code never knows about HTTP.
 */
export type DomainErrorCode = 'VALIDATION_FAILED' | 'NOT_FOUND' | 'FORBIDDEN' | 'INVALID_STATE' | 'CONFLICT';

export interface ErrorDetail {
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Bad input, every problem at once: the message names each field once, `details` says what is wrong with it. */
export function validationFailed(details: ErrorDetail[], lead = 'Dữ liệu không hợp lệ'): DomainError {
  return new DomainError('VALIDATION_FAILED', `${lead}: ${[...new Set(details.map((detail) => detail.path))].join(', ')}`, details);
}

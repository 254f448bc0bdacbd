/**
 * Domain errors carry a stable code; the API maps codes to HTTP statuses in one place
 * (apps/api/src/common/domain-exception.filter.ts), so domain code never knows about HTTP.
 */
export type DomainErrorCode =
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'INVALID_STATE'
  | 'CONFLICT'
  | 'DEPENDENCY_UNAVAILABLE';

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

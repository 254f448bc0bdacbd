/**
 * Failures of the API itself rather than of the domain: the caller is not signed in, or a service the
 * API depends on does not answer. Mapped to HTTP next to the domain codes, in error-response.ts.
 */
export type ApiExceptionCode = 'UNAUTHENTICATED' | 'DEPENDENCY_UNAVAILABLE';

export class ApiException extends Error {
  constructor(
    readonly code: ApiExceptionCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiException';
  }
}

/** No valid bearer token (401). */
export class UnauthenticatedException extends ApiException {
  constructor(message: string) {
    super('UNAUTHENTICATED', message);
  }
}

/** Temporal or PostgreSQL unreachable or too slow (503: the client may retry). */
export class DependencyUnavailableException extends ApiException {
  constructor(message: string) {
    super('DEPENDENCY_UNAVAILABLE', message);
  }
}

import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError, DomainErrorCode, ErrorDetail } from '@giaoviec/domain';
import { ApiException, ApiExceptionCode } from './api-exceptions';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: ErrorDetail[];
}

const STATUS_BY_DOMAIN_CODE: Record<DomainErrorCode, number> = {
  VALIDATION_FAILED: HttpStatus.BAD_REQUEST,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  INVALID_STATE: HttpStatus.CONFLICT,
  CONFLICT: HttpStatus.CONFLICT,
};

const STATUS_BY_API_CODE: Record<ApiExceptionCode, number> = {
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  DEPENDENCY_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
};

const REASON_PHRASES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const logger = new Logger('Errors');

/**
 * The one place where errors become HTTP answers in the contract's shape
 * `{statusCode, error, message, details?}`. Unknown errors are logged with their stack
 * and answered with a generic 500: no stack trace ever reaches a client.
 */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof DomainError) {
    return body(STATUS_BY_DOMAIN_CODE[exception.code], exception.message, exception.details);
  }
  if (exception instanceof ApiException) {
    return body(STATUS_BY_API_CODE[exception.code], exception.message);
  }
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray((response as { message?: unknown }).message)
          ? ((response as { message: string[] }).message.join('; '))
          : String((response as { message?: unknown }).message ?? exception.message);
    if (statusCode >= 500) logger.error(exception.stack ?? String(exception));
    return body(statusCode, statusCode === 404 && message.startsWith('Cannot ') ? 'Không tìm thấy đường dẫn này.' : message);
  }
  if (isBodyParserError(exception)) {
    return body(exception.status, exception.type === 'entity.parse.failed' ? 'Nội dung yêu cầu không phải JSON hợp lệ.' : exception.message);
  }
  logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  return body(HttpStatus.INTERNAL_SERVER_ERROR, 'Lỗi hệ thống, vui lòng thử lại sau.');
}

function body(statusCode: number, message: string, details?: ErrorDetail[]): ErrorBody {
  return {
    statusCode,
    error: REASON_PHRASES[statusCode] ?? (statusCode >= 500 ? 'Server Error' : 'Client Error'),
    message,
    ...(details?.length ? { details } : {}),
  };
}

function isBodyParserError(error: unknown): error is { status: number; type: string; message: string } {
  const candidate = error as { status?: unknown; type?: unknown };
  return typeof candidate?.status === 'number' && typeof candidate?.type === 'string' && candidate.status < 500;
}

import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { ErrorDetail, findUnsafeInput, validationFailed } from '@giaoviec/domain';

/**
 * Lists every bad field as `{path, message}`; unknown fields are refused too. Before any DTO rule,
 * every text of the body, query and path (values and keys) is checked for what PostgreSQL cannot
 * store (NUL, unpaired surrogates) and the input for hostile nesting: one rule for every route.
 */
export function createValidationPipe(): ValidationPipe {
  return new SafeInputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => validationFailed(flatten(errors)),
  });
}

class SafeInputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A raw text body (a YAML plan file) is checked by its own parser, which names the field.
    const raw = metadata.type === 'body' && typeof value === 'string';
    if (metadata.type !== 'custom' && !raw) {
      const problems = findUnsafeInput(metadata.data ? { [metadata.data]: value } : value);
      if (problems.length > 0) throw validationFailed(problems);
    }
    return super.transform(value, metadata);
  }
}

function flatten(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const path = prefix ? (/^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : `${prefix}.${error.property}`) : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      path,
      message: constraint === 'whitelistValidation' ? 'trường này không được hỗ trợ' : message,
    }));
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

import { Transform } from 'class-transformer';

/**
 * A query parameter that must be an integer: digits (with an optional sign) become a number;
 * anything else, the empty string included, stays a string so that `@IsInt` refuses it
 * (`@Type(() => Number)` would turn `?days=` into 0 and accept it).
 */
export const IntegerParam = () =>
  Transform(({ value }) => (typeof value === 'string' && /^[+-]?\d{1,15}$/.test(value) ? Number(value) : value));

/** A query parameter that must be `true` or `false`; anything else stays as given so `@IsBoolean` refuses it. */
export const BooleanParam = () => Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

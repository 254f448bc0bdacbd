import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';

/**
 * The identity of the request being served when it carries an `Idempotency-Key`: a hash of the principal,
 * route and key (the interceptor's scope). A retry of the same request has the same identity, so what it
 * sends to a workflow can be deduplicated there (the Temporal gateway derives update IDs from it): a
 * process killed after its update was applied but before its answer was kept does not apply it twice.
 */
const identity = new AsyncLocalStorage<string>();

export function runWithIdempotencyIdentity<T>(scope: object, run: () => T): T {
  return identity.run(createHash('sha256').update(JSON.stringify(scope)).digest('hex'), run);
}

/** The identity of the request being served, when it carries an Idempotency-Key. */
export function requestIdempotencyIdentity(): string | undefined {
  return identity.getStore();
}

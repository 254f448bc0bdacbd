import type { NextFunction, Request, Response } from 'express';
import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * When the API received the request being served: stamped once, before anything else runs (so a slow
 * body, database or worker never moves it), and carried by every command the request sends to a
 * workflow (the Temporal gateway adds it), which dates the command by it (issue 14, received-at.ts).
 */
const received = new AsyncLocalStorage<string>();
const RECEIVED_AT = Symbol('receivedAt');

/** The first middleware: notes the moment the request arrived. */
export function stampReceivedAt() {
  return (request: Request, _response: Response, next: NextFunction): void => {
    (request as Request & { [RECEIVED_AT]?: string })[RECEIVED_AT] = new Date().toISOString();
    next();
  };
}

/**
 * Registered after the body parsers (whose stream events would lose an async context begun before
 * them): serves the rest of the request inside the moment `stampReceivedAt` noted.
 */
export function carryReceivedAt() {
  return (request: Request, _response: Response, next: NextFunction): void => {
    const receivedAt = (request as Request & { [RECEIVED_AT]?: string })[RECEIVED_AT] ?? new Date().toISOString();
    received.run(receivedAt, next);
  };
}

/** When the request being served arrived (undefined outside a request). */
export function requestReceivedAt(): string | undefined {
  return received.getStore();
}

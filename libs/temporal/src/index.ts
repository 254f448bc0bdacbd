export * from './temporal-client';
export * from './start-with-first-event';
export * from './search-attributes';
export * from './task-queue-backlog';

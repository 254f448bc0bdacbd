export * from './temporal-client';
export * from './start-with-first-event';
export * from './search-attributes';

// Public API of the working-day calendar: pure and deterministic, safe in Temporal workflow code.
export * from './local-date';
export * from './lunar';
export * from './holidays';
export * from './working-calendar';
export * from './offset';
export * from './official-swaps';

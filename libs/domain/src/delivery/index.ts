export * from './contacts';
export * from './recipients';
export * from './schedule';
export * from './message';
export * from './digest';
export * from './password-reset';

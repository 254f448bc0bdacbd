export * from './errors';
export * from './roles';
export * from './agency';
export * from './task';
export * from './calendar';
export * from './plan';
export * from './policy';
export * from './dashboard';

export * from './errors';
export * from './roles';
export * from './agency';
export * from './task';

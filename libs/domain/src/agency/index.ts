export * from './agency';
export * from './hanoi-directory';
export * from './reorganization';

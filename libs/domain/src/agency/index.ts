export * from './agency';
export * from './hanoi-directory';
export * from './reorganization';
export * from './reorganization-file';

export * from './agency';
export * from './hanoi-directory';

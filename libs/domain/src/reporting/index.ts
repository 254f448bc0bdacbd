export * from './consolidated-report';
export * from './round';
export * from './round-policy';
export * from './round-alarms';
export * from './round-notifications';
export * from './participants';
export * from './summary';
export * from './round-state';

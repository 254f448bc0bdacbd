export * from './consolidated-report';

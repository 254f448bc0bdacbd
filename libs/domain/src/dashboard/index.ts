export * from './overview';
export * from './holders';

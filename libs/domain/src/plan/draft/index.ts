export * from './agency-matcher';
export * from './compare';
export * from './draft-plan';

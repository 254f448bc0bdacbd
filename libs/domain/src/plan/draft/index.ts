export * from './agency-matcher';
export * from './compare';
export * from './draft-plan';
export { foldVietnamese } from './text';

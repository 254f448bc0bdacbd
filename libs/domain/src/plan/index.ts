export * from './schema';
export * from './parse';
export * from './references';
export * from './consistency';
export * from './rebase';

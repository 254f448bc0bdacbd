export * from './ports';
export * from './local-tools';
export * from './embedded-postgres';
export * from './temporal-cli';
export * from './temporal-dev-server';
export * from './temporal-server';
export * from './chromium';
export * from './name-based-uuid';

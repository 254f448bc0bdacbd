export * from './ports';
export * from './embedded-postgres';
export * from './temporal-cli';
export * from './temporal-dev-server';
export * from './name-based-uuid';
export * from './mail-catcher';

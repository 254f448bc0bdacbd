// Two projects: `unit` needs no server; `integration` gets real PostgreSQL and a real
// Temporal dev server from test/support/global-setup.ts (or DATABASE_URL / TEMPORAL_ADDRESS).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
// openid-client and oidc-provider (with their jose and oauth4webapi) are ES modules only; Jest's
// CommonJS runtime gets them compiled by the same swc, as everything else.
const swcEsm = ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }];
const ESM_ONLY = ['openid-client', 'oauth4webapi', 'oidc-provider', 'jose'];
const moduleNameMapper = {
  '^@giaoviec/(domain|contracts|config|persistence|temporal|infra|reports|documents)$': '<rootDir>/libs/$1/src',
};
const common = {
  transform: { '^.+\\.ts$': swc, '^.+\\.m?js$': swcEsm },
  // Only the ES-module-only packages; the top-level jose (v5) is CommonJS and its require() export stays as it is.
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`, '/node_modules/jose/dist/node/cjs/'],
  moduleNameMapper,
  testEnvironment: 'node',
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/{workflow,e2e,replay}/**/*.spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/leave-no-workflows.ts'],
    },
  ],
  // Jest reads the timeout globally, not per project; unit tests finish in milliseconds anyway. Generous,
  // because a suite whose setup times out leaks its worker onto the shared dev server and disturbs the next.
  testTimeout: 180000,
};

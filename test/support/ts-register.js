/**
 * `node -r ./test/support/ts-register.js apps/api/src/main.ts`: runs the TypeScript sources as they are,
 * transpiled file by file on load with the same swc options as Jest (jest.config.js), and the
 * `@giaoviec/*` aliases resolved as Jest resolves them. For tests that start the API and worker as
 * real processes, where compiling the whole tree first (`npm run build`) would cost a minute.
 */
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '../..');
const ALIAS = /^@giaoviec\/(domain|contracts|config|persistence|temporal|infra|reports|documents)$/;
const SWC_OPTIONS = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const alias = ALIAS.exec(request);
  return resolveFilename.call(this, alias ? path.join(root, 'libs', alias[1], 'src') : request, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...SWC_OPTIONS, filename });
  module._compile(code, filename);
};

#!/usr/bin/env node
/**
 * postinstall: obtain what `npm start` and `npm test` need that npm itself cannot install —
 * the Temporal CLI (the embedded dev server; built once with Go into ~/.cache/giaoviec/tools) and
 * a Chromium for the browser test (playwright-core drives it). Temporal Server for
 * TEMPORAL_MODE=server is not built here: it is built on the first start in that mode.
 * Never fails the install: what it cannot obtain, it names (and `npm start` / `npm test` say again).
 *
 * The finders live in libs/infra (TypeScript, shared with `npm start` and the tests); nothing is
 * compiled at install time, so this loads them through TypeScript's transpiler.
 * Skips: GIAOVIEC_SKIP_TEMPORAL_CLI=1 (or TEMPORAL_ADDRESS set), GIAOVIEC_SKIP_BROWSER=1.
 */
const fs = require('node:fs');
const path = require('node:path');

const say = (line) => console.log(`giaoviec: ${line}`);
const warn = (text) => console.warn(`\ngiaoviec: ${text}\n`);

function loadTypeScriptModule(file) {
  const ts = require('typescript');
  if (!require.extensions['.ts']) {
    require.extensions['.ts'] = (module, filename) => {
      const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
        fileName: filename,
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      });
      module._compile(outputText, filename);
    };
  }
  return require(path.join(__dirname, '..', file));
}

function step(name, run) {
  try {
    run();
  } catch (error) {
    warn(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

step('Temporal CLI', () => {
  if (process.env.TEMPORAL_ADDRESS || process.env.GIAOVIEC_SKIP_TEMPORAL_CLI) return;
  const { findOrBuildTemporalCli } = loadTypeScriptModule('libs/infra/src/temporal-cli.ts');
  const cli = findOrBuildTemporalCli(say);
  say(`Temporal CLI: ${cli}`);
});

step('Chromium', () => {
  if (process.env.GIAOVIEC_SKIP_BROWSER) return;
  const { ensureChromium, chromiumMissingMessage, findChromium } = loadTypeScriptModule('libs/infra/src/chromium.ts');
  const found = ensureChromium(say);
  if (found) {
    say(`Chromium for the browser test: ${found.path}`);
    return;
  }
  const tried = [];
  findChromium({}, tried);
  warn(chromiumMissingMessage(tried));
});

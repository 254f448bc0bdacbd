import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isExecutable, whichSync } from './local-tools';

/** Where distributions put Chromium (Debian's `chromium`, Ubuntu's `chromium-browser`) or Chrome. */
export const SYSTEM_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export interface ChromiumSearch {
  env?: NodeJS.ProcessEnv;
  /** Overrides SYSTEM_CHROMIUM_PATHS (tests); the env variable GIAOVIEC_CHROMIUM_SYSTEM_PATHS does the same, `:`-separated. */
  systemPaths?: string[];
  /** Where playwright-core keeps the Chromium it downloads; by default its own answer. */
  playwrightPath?: string;
}

export interface ChromiumFound {
  path: string;
  source: 'CHROMIUM_PATH' | 'system' | 'playwright';
}

/**
 * The Chromium the browser test drives, in this order: CHROMIUM_PATH, the system's (Debian's
 * /usr/bin/chromium…), the one Playwright downloaded into its cache. A candidate counts only if it
 * starts (`--version`), so a download lacking its system libraries is passed over. `tried` collects
 * what was looked at, for the message when nothing fits.
 */
export function findChromium(search: ChromiumSearch = {}, tried: string[] = []): ChromiumFound | undefined {
  const env = search.env ?? process.env;
  if (env.CHROMIUM_PATH) {
    if (runsChromium(env.CHROMIUM_PATH)) return { path: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' };
    tried.push(`CHROMIUM_PATH=${env.CHROMIUM_PATH} (does not start)`);
    return undefined; // an explicit choice is not silently replaced by another browser
  }
  const systemPaths =
    search.systemPaths ??
    (env.GIAOVIEC_CHROMIUM_SYSTEM_PATHS !== undefined ? env.GIAOVIEC_CHROMIUM_SYSTEM_PATHS.split(':').filter(Boolean) : SYSTEM_CHROMIUM_PATHS);
  for (const candidate of systemPaths) {
    if (runsChromium(candidate)) return { path: candidate, source: 'system' };
    tried.push(candidate);
  }
  const downloaded = search.playwrightPath ?? playwrightChromiumPath();
  if (downloaded && runsChromium(downloaded)) return { path: downloaded, source: 'playwright' };
  tried.push(downloaded ? `${downloaded} (Playwright's cache)` : "Playwright's cache (playwright-core is not installed)");
  return undefined;
}

export class ChromiumMissingError extends Error {
  constructor(tried: string[]) {
    super(chromiumMissingMessage(tried));
    this.name = 'ChromiumMissingError';
  }
}

/** findChromium() or a ChromiumMissingError saying what to install: the browser test never skips. */
export function requireChromium(search: ChromiumSearch = {}): string {
  const tried: string[] = [];
  const found = findChromium(search, tried);
  if (!found) throw new ChromiumMissingError(tried);
  return found.path;
}

export function chromiumMissingMessage(tried: string[]): string {
  return (
    'The browser test (test/e2e/web.e2e.spec.ts) needs Chromium, and none that starts was found. Tried: ' +
    `${tried.join('; ')}. Install one of these ways: on Debian \`sudo apt-get install chromium\` (Ubuntu: ` +
    '`chromium-browser`); or, where cdn.playwright.dev is reachable, `npx playwright-core install --with-deps chromium` ' +
    "(Playwright's own build and the system libraries it needs); or set CHROMIUM_PATH to a Chromium or Chrome " +
    'binary. `npm install` tries the first two itself (apt-get only as root); then run `npm test` again.'
  );
}

/**
 * Obtains a Chromium where none is there: Playwright's own download where the network allows it,
 * else Debian's `chromium` package when running as root with apt-get. Returns what it found or
 * undefined, never throws (npm install calls it).
 */
export function ensureChromium(log: (line: string) => void = () => undefined, search: ChromiumSearch = {}): ChromiumFound | undefined {
  const found = findChromium(search);
  if (found || (search.env ?? process.env).CHROMIUM_PATH) return found;

  const playwrightDir = playwrightCoreDir();
  const playwrightCli = playwrightDir && path.join(playwrightDir, 'cli.js');
  if (playwrightCli && fs.existsSync(playwrightCli)) {
    log("No Chromium found: downloading Playwright's Chromium (playwright-core install chromium, about 170 MB)…");
    const download = spawnSync(process.execPath, [playwrightCli, 'install', '--no-shell', 'chromium'], { encoding: 'utf8', timeout: 10 * 60_000 });
    const downloaded = download.status === 0 && findChromium(search);
    if (downloaded) return downloaded;
    const lastError = `${download.stdout ?? ''}${download.stderr ?? ''}`.split('\n').filter((line) => /error/i.test(line)).slice(-2).join(' ');
    log(download.status === 0 ? "Playwright's Chromium was downloaded but does not start here (system libraries missing?)." : `Playwright's download failed: ${lastError || `exit ${download.status}`}`);
  }

  const aptGet = whichSync('apt-get');
  if (aptGet && os.userInfo().uid === 0) {
    log("Installing Debian's chromium package with apt-get…");
    const options: SpawnSyncOptions = {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: ['ignore', 'inherit', 'inherit'],
      timeout: 15 * 60_000,
    };
    // Wait for a dpkg lock another apt run holds instead of failing at once.
    spawnSync(aptGet, ['-o', 'DPkg::Lock::Timeout=300', 'update', '-qq'], options);
    const install = spawnSync(aptGet, ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '-qq', 'chromium'], options);
    const installed = install.status === 0 && findChromium(search);
    if (installed) return installed;
    log(install.status === 0 ? 'apt-get installed chromium, but none that starts is where giaoviec looks.' : `apt-get could not install chromium (exit ${install.status}).`);
  }
  return undefined;
}

function runsChromium(file: string): boolean {
  if (!isExecutable(file)) return false;
  const result = spawnSync(file, ['--version'], { stdio: 'ignore', timeout: 20_000 });
  return result.status === 0;
}

function playwrightCoreDir(): string | undefined {
  try {
    return path.dirname(require.resolve('playwright-core/package.json'));
  } catch {
    return undefined;
  }
}

/** Where playwright-core puts (or would put) its Chromium; it honours PLAYWRIGHT_BROWSERS_PATH. */
function playwrightChromiumPath(): string | undefined {
  if (!playwrightCoreDir()) return undefined;
  try {
    return (require('playwright-core') as typeof import('playwright-core')).chromium.executablePath();
  } catch {
    return undefined;
  }
}

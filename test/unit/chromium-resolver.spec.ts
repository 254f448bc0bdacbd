import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChromiumMissingError, findChromium, requireChromium } from '../../libs/infra/src/chromium';

/**
 * How the browser test and `npm install` find Chromium. The machine's own browser is hidden through
 * the overrides (GIAOVIEC_CHROMIUM_SYSTEM_PATHS, an empty Playwright cache) to see the "none" path;
 * stand-in executables only answer `--version`, which is all the resolver asks of a candidate.
 */
describe('finding Chromium', () => {
  let dir: string;
  let starts: string;
  let broken: string;
  const missingDownload = () => path.join(dir, 'ms-playwright', 'chromium-0', 'chrome');

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'giaoviec-chromium-resolver-'));
    starts = path.join(dir, 'chromium');
    fs.writeFileSync(starts, '#!/bin/sh\necho "Chromium 140.0"\n', { mode: 0o755 });
    broken = path.join(dir, 'chrome-without-its-libraries');
    fs.writeFileSync(broken, '#!/bin/sh\necho "error while loading shared libraries: libnss3.so" >&2\nexit 127\n', { mode: 0o755 });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('with none there, the test fails with one paragraph naming what to install (it never skips)', () => {
    const search = { env: { GIAOVIEC_CHROMIUM_SYSTEM_PATHS: '' }, playwrightPath: missingDownload() };
    expect(findChromium(search)).toBeUndefined();
    expect(() => requireChromium(search)).toThrow(ChromiumMissingError);
    expect(() => requireChromium(search)).toThrow(/apt-get install chromium.*playwright-core install --with-deps chromium.*CHROMIUM_PATH/s);
  });

  it('takes the system browser first, passing over one that does not start', () => {
    const tried: string[] = [];
    const found = findChromium({ env: { GIAOVIEC_CHROMIUM_SYSTEM_PATHS: `${path.join(dir, 'absent')}:${broken}:${starts}` }, playwrightPath: missingDownload() }, tried);
    expect(found).toEqual({ path: starts, source: 'system' });
    expect(tried).toEqual([path.join(dir, 'absent'), broken]);
  });

  it("falls back on Playwright's download", () => {
    expect(findChromium({ systemPaths: [broken], playwrightPath: starts })).toEqual({ path: starts, source: 'playwright' });
  });

  it('CHROMIUM_PATH wins, and a wrong one is reported rather than silently replaced', () => {
    expect(findChromium({ env: { CHROMIUM_PATH: starts }, systemPaths: [broken] })).toEqual({ path: starts, source: 'CHROMIUM_PATH' });
    const tried: string[] = [];
    expect(findChromium({ env: { CHROMIUM_PATH: broken }, systemPaths: [starts] }, tried)).toBeUndefined();
    expect(tried).toEqual([`CHROMIUM_PATH=${broken} (does not start)`]);
  });
});

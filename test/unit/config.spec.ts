import { ConfigError, loadConfig, loadServiceConfig } from '../../libs/config/src';

describe('configuration', () => {
  it('defaults to the embedded demo in dev auth mode', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, dataDir: '.data', authMode: 'dev', temporalNamespace: 'default', businessTimeZone: 'Asia/Ho_Chi_Minh' });
    expect(config.databaseUrl).toBeUndefined();
  });

  it('defaults to jwt auth when both services are external, and then needs a way to verify tokens', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/x', TEMPORAL_ADDRESS: 'temporal:7233' })).toThrow(/JWT_SECRET or JWT_JWKS_URL/);
    const config = loadConfig({ DATABASE_URL: 'postgres://db/x', TEMPORAL_ADDRESS: 'temporal:7233', JWT_SECRET: 'x'.repeat(32) });
    expect(config.authMode).toBe('jwt');
  });

  it('names every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'abc', TEMPORAL_ADDRESS: 'no-port', DATABASE_URL: 'mysql://x', TZ_BUSINESS: 'Mars/Olympus' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'TEMPORAL_ADDRESS', 'DATABASE_URL', 'TZ_BUSINESS']) expect(problems).toContain(name);
    }
  });

  it('counts business time in Vietnam only, for now', () => {
    expect(() => loadConfig({ TZ_BUSINESS: 'Asia/Bangkok' })).toThrow(/TZ_BUSINESS: only Asia\/Ho_Chi_Minh is supported/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).port).toBe(3000);
  });

  it('requires both services for the API and worker processes', () => {
    expect(() => loadServiceConfig({})).toThrow(/DATABASE_URL: required[\s\S]*TEMPORAL_ADDRESS: required/);
  });
});

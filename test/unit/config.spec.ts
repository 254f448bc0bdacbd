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

  it('keeps dev mode to the all-embedded demo, on 127.0.0.1, never in production', () => {
    expect(loadConfig({})).toMatchObject({ authMode: 'dev', host: '127.0.0.1', swaggerEnabled: true });
    // one service given is no longer the demo: jwt, which then needs a secret
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/x' })).toThrow(/JWT_SECRET or JWT_JWKS_URL/);
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_MODE: 'dev' })).toThrow(/AUTH_MODE: dev is not allowed with NODE_ENV=production/);
    const production = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) });
    expect(production).toMatchObject({ authMode: 'jwt', host: '0.0.0.0', swaggerEnabled: false });
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), SWAGGER_ENABLED: 'true' }).swaggerEnabled).toBe(true);
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('checks iss and aud of every token; an identity provider must name both', () => {
    expect(loadConfig({})).toMatchObject({ jwtIssuer: 'giaoviec', jwtAudience: 'giaoviec-api', jwtClockToleranceSeconds: 30 });
    expect(() => loadConfig({ AUTH_MODE: 'jwt', JWT_JWKS_URL: 'https://idp.example/jwks' })).toThrow(/JWT_ISSUER and JWT_AUDIENCE/);
    expect(() => loadConfig({ JWT_CLOCK_TOLERANCE_SECONDS: '3600' })).toThrow(/JWT_CLOCK_TOLERANCE_SECONDS/);
  });

  it('configures OpenID Connect sign-in from OIDC_*, with the callback under PUBLIC_URL unless given', () => {
    const base = { DATABASE_URL: 'postgres://db/x', TEMPORAL_ADDRESS: 'temporal:7233', JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig(base).oidc).toBeUndefined();
    expect(loadConfig({ ...base, PUBLIC_URL: 'https://giaoviec.hanoi.gov.vn/', OIDC_ISSUER: 'https://id.hanoi.gov.vn', OIDC_CLIENT_ID: 'giaoviec' }).oidc).toEqual({
      issuer: 'https://id.hanoi.gov.vn',
      clientId: 'giaoviec',
      clientSecret: undefined,
      redirectUrl: 'https://giaoviec.hanoi.gov.vn/api/auth/oidc/callback',
      scopes: 'openid email profile',
      label: 'Đăng nhập qua hệ thống định danh',
    });
    expect(loadConfig({ ...base, OIDC_ISSUER: 'https://id.hanoi.gov.vn', OIDC_CLIENT_ID: 'g', OIDC_REDIRECT_URL: 'https://x.vn/api/auth/oidc/callback' }).oidc?.redirectUrl).toBe(
      'https://x.vn/api/auth/oidc/callback',
    );
    expect(() => loadConfig({ ...base, OIDC_ISSUER: 'https://id.hanoi.gov.vn' })).toThrow(/OIDC_CLIENT_ID: required with OIDC_ISSUER/);
    expect(() => loadConfig({ ...base, OIDC_CLIENT_ID: 'g' })).toThrow(/OIDC_ISSUER: required/);
    expect(() => loadConfig({ ...base, OIDC_ISSUER: 'id.hanoi.gov.vn', OIDC_CLIENT_ID: 'g' })).toThrow(/OIDC_ISSUER: must be/);
    const { JWT_SECRET: _secret, ...withoutSecret } = base;
    expect(() => loadConfig({ ...withoutSecret, JWT_JWKS_URL: 'https://id/jwks', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a', OIDC_ISSUER: 'https://id', OIDC_CLIENT_ID: 'g' })).toThrow(
      /JWT_SECRET: required with OIDC_ISSUER/,
    );
  });
});

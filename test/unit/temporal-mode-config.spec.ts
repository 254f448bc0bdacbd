import { loadConfig } from '../../libs/config/src';
import { temporalDatabases } from '../../libs/infra/src/temporal-server';

describe('TEMPORAL_MODE', () => {
  it('runs the dev server by default, Temporal Server on PostgreSQL on request (still embedded: dev auth)', () => {
    expect(loadConfig({}).temporalMode).toBe('dev');
    const config = loadConfig({ TEMPORAL_MODE: 'server', TEMPORAL_DATABASE_URL: 'postgres://temporal:pw@db:5432/temporal' });
    expect(config).toMatchObject({ temporalMode: 'server', temporalDatabaseUrl: 'postgres://temporal:pw@db:5432/temporal', authMode: 'dev' });
  });

  it('refuses what cannot mean anything', () => {
    expect(() => loadConfig({ TEMPORAL_MODE: 'cluster' })).toThrow(/TEMPORAL_MODE/);
    expect(() => loadConfig({ TEMPORAL_MODE: 'server', TEMPORAL_ADDRESS: 'temporal:7233' })).toThrow(/TEMPORAL_MODE: server starts a Temporal Server of its own/);
    expect(() => loadConfig({ TEMPORAL_DATABASE_URL: 'postgres://db/temporal' })).toThrow(/TEMPORAL_DATABASE_URL: only used with TEMPORAL_MODE=server/);
    expect(() => loadConfig({ TEMPORAL_MODE: 'server', TEMPORAL_DATABASE_URL: 'mysql://db/temporal' })).toThrow(/TEMPORAL_DATABASE_URL: must be a postgres/);
  });

  it("names Temporal's two databases after the URL's", () => {
    expect(temporalDatabases('postgres://u:p@db:5432/temporal')).toEqual({ main: 'temporal', visibility: 'temporal_visibility' });
    expect(temporalDatabases('postgres://u:p@db:5432/')).toEqual({ main: 'temporal', visibility: 'temporal_visibility' });
    expect(temporalDatabases('postgres://u:p@db/t_test_1?sslmode=require')).toEqual({ main: 't_test_1', visibility: 't_test_1_visibility' });
  });
});

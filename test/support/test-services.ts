/** Where the integration tests find their real PostgreSQL and Temporal (set up by global-setup.ts). */
export const TEST_ENV = {
  postgresAdminUrl: 'GIAOVIEC_TEST_PG_ADMIN_URL',
  temporalAddress: 'GIAOVIEC_TEST_TEMPORAL_ADDRESS',
} as const;

export function testServices(): { postgresAdminUrl: string; temporalAddress: string } {
  const postgresAdminUrl = process.env[TEST_ENV.postgresAdminUrl];
  const temporalAddress = process.env[TEST_ENV.temporalAddress];
  if (!postgresAdminUrl || !temporalAddress) {
    throw new Error('Integration tests need test/support/global-setup.ts (run them through jest, project "integration")');
  }
  return { postgresAdminUrl, temporalAddress };
}

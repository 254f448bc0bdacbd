import { z } from 'zod';

const DEV_JWT_SECRET = 'giaoviec-dev-mode-secret-never-use-in-production';

const port = (fallback: number) =>
  z.coerce.number().int().min(1, 'must be a port number 1–65535').max(65535, 'must be a port number 1–65535').default(fallback);

const rawSchema = z.object({
  PORT: port(3000),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port, e.g. localhost:7233')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_MODE: z.enum(['dev', 'server']).default('dev'),
  TEMPORAL_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  AUTH_MODE: z.enum(['dev', 'jwt']).optional(),
  JWT_SECRET: z.string().optional(),
  JWT_JWKS_URL: z.string().url('must be an http(s) URL').optional(),
  // The calendar, the due-date rules and the 08:00 working morning are Vietnam's (UTC+7, no DST):
  // the variable exists for the contract, but no other zone is supported yet.
  TZ_BUSINESS: z
    .string()
    .default('Asia/Ho_Chi_Minh')
    .refine((zone) => isKnownTimeZone(zone), 'must be an IANA time zone, e.g. Asia/Ho_Chi_Minh')
    .refine((zone) => zone === 'Asia/Ho_Chi_Minh', 'only Asia/Ho_Chi_Minh is supported (Vietnam\'s working-day calendar)'),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
});

export interface AppConfig {
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  temporalAddress: string | undefined;
  temporalNamespace: string;
  /** How giaoviec runs Temporal when TEMPORAL_ADDRESS is unset: the CLI's dev server, or Temporal Server on PostgreSQL. */
  temporalMode: 'dev' | 'server';
  /** TEMPORAL_MODE=server: Temporal's own database (`<name>` and `<name>_visibility`); unset: the embedded PostgreSQL. */
  temporalDatabaseUrl: string | undefined;
  authMode: 'dev' | 'jwt';
  jwtSecret: string | undefined;
  jwtJwksUrl: string | undefined;
  businessTimeZone: string;
  logLevel: z.infer<typeof rawSchema>['LOG_LEVEL'];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the environment once, at start-up, naming every bad variable.
 * Empty strings count as unset, so `FOO=` in a shell does not switch anything on.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = rawSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const raw = parsed.data;
  const embedded = !raw.DATABASE_URL || !raw.TEMPORAL_ADDRESS;
  const authMode = raw.AUTH_MODE ?? (embedded ? 'dev' : 'jwt');
  const problems: string[] = [];
  if (authMode === 'jwt' && !raw.JWT_SECRET && !raw.JWT_JWKS_URL) {
    problems.push('JWT_SECRET or JWT_JWKS_URL: one is required when AUTH_MODE=jwt');
  }
  if (authMode === 'jwt' && raw.JWT_SECRET && raw.JWT_SECRET.length < 32) {
    problems.push('JWT_SECRET: must be at least 32 characters');
  }
  if (raw.TEMPORAL_MODE === 'server' && raw.TEMPORAL_ADDRESS) {
    problems.push('TEMPORAL_MODE: server starts a Temporal Server of its own; unset TEMPORAL_ADDRESS, or TEMPORAL_MODE to use that server');
  }
  if (raw.TEMPORAL_DATABASE_URL && raw.TEMPORAL_MODE !== 'server') {
    problems.push('TEMPORAL_DATABASE_URL: only used with TEMPORAL_MODE=server');
  }
  if (problems.length) throw new ConfigError(problems);
  return {
    port: raw.PORT,
    dataDir: raw.DATA_DIR,
    databaseUrl: raw.DATABASE_URL,
    temporalAddress: raw.TEMPORAL_ADDRESS,
    temporalNamespace: raw.TEMPORAL_NAMESPACE,
    temporalMode: raw.TEMPORAL_MODE,
    temporalDatabaseUrl: raw.TEMPORAL_DATABASE_URL,
    authMode,
    jwtSecret: raw.JWT_SECRET ?? (authMode === 'dev' ? DEV_JWT_SECRET : undefined),
    jwtJwksUrl: raw.JWT_JWKS_URL,
    businessTimeZone: raw.TZ_BUSINESS,
    logLevel: raw.LOG_LEVEL,
  };
}

/** Like loadConfig, for the API and worker, which need both services to be given to them. */
export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env): AppConfig & {
  databaseUrl: string;
  temporalAddress: string;
} {
  const config = loadConfig(env);
  const missing = [
    !config.databaseUrl && 'DATABASE_URL: required (npm start sets it when it runs the embedded PostgreSQL)',
    !config.temporalAddress && 'TEMPORAL_ADDRESS: required (npm start sets it when it runs the embedded Temporal)',
  ].filter((problem): problem is string => Boolean(problem));
  if (missing.length) throw new ConfigError(missing);
  return config as AppConfig & { databaseUrl: string; temporalAddress: string };
}

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

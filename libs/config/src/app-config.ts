import { z } from 'zod';

const DEV_JWT_SECRET = 'giaoviec-dev-mode-secret-never-use-in-production';
const DEFAULT_JWT_ISSUER = 'giaoviec';
const DEFAULT_JWT_AUDIENCE = 'giaoviec-api';

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
  NODE_ENV: z.string().optional(),
  HOST: z.string().min(1).optional(),
  TEMPORAL_MODE: z.enum(['dev', 'server']).default('dev'),
  TEMPORAL_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  AUTH_MODE: z.enum(['dev', 'jwt']).optional(),
  JWT_SECRET: z.string().optional(),
  JWT_JWKS_URL: z.string().url('must be an http(s) URL').optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  JWT_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300, 'at most 300 seconds').default(30),
  BOOTSTRAP_ADMIN_EMAIL: z.string().email('must be an e-mail address').optional(),
  BOOTSTRAP_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  SWAGGER_ENABLED: z.enum(['true', 'false']).optional(),
  // OpenID Connect sign-in (authorization code with PKCE) through the city's identity provider.
  OIDC_ISSUER: z.string().regex(/^https?:\/\/[^\s]+$/, 'must be the identity provider\'s http(s) issuer URL').optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_REDIRECT_URL: z.string().regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL ending in /api/auth/oidc/callback').optional(),
  OIDC_SCOPES: z.string().regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, 'must be scopes separated by single spaces').default('openid email profile'),
  OIDC_LABEL: z.string().min(1).max(100).default('Đăng nhập qua hệ thống định danh'),
  // Requests per RATE_LIMIT_WINDOW_SECONDS: sign-in and dev tokens per address; every other
  // mutating request per user and per address.
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  RATE_LIMIT_SIGN_IN: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_MUTATIONS_PER_USER: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_MUTATIONS_PER_ADDRESS: z.coerce.number().int().min(1).default(1200),
  // The calendar, the due-date rules and the 08:00 working morning are Vietnam's (UTC+7, no DST):
  // the variable exists for the contract, but no other zone is supported yet.
  TZ_BUSINESS: z
    .string()
    .default('Asia/Ho_Chi_Minh')
    .refine((zone) => isKnownTimeZone(zone), 'must be an IANA time zone, e.g. Asia/Ho_Chi_Minh')
    .refine((zone) => zone === 'Asia/Ho_Chi_Minh', 'only Asia/Ho_Chi_Minh is supported (Vietnam\'s working-day calendar)'),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  // Delivery of notifications (e-mail, webhooks, Zalo, SMS).
  SMTP_URL: z.string().regex(/^smtps?:\/\/.+/, 'must be an smtp:// or smtps:// URL, e.g. smtps://user:pass@mail.example.vn:465').optional(),
  MAIL_FROM: z.string().min(3).default('Hệ thống Giao việc <giaoviec@localhost>'),
  WORKER_METRICS_ADDRESS: z
    .string()
    .regex(/^(off|[^\s:]+:\d{1,5})$/, 'must be host:port (e.g. 0.0.0.0:9464) or off')
    .optional(),
  TEMPORAL_UI_URL: z.string().regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL, e.g. http://127.0.0.1:8233').optional(),
  PUBLIC_URL: z.string().regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL, e.g. https://giaoviec.hanoi.gov.vn').optional(),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  DELIVERY_RETRY_INITIAL_MS: z.coerce.number().int().min(10).default(30_000),
  DELIVERY_RETRY_MAX_MS: z.coerce.number().int().min(10).default(3_600_000),
  DELIVERY_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(1000),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  ZALO_ZNS_URL: z.string().url('must be an http(s) URL').default('https://business.openapi.zalo.me/message/template'),
  ZALO_OA_MESSAGE_URL: z.string().url('must be an http(s) URL').default('https://openapi.zalo.me/v3.0/oa/message/transaction'),
  ZALO_ACCESS_TOKEN: z.string().optional(),
  ZALO_TEMPLATE_ID: z.string().optional(),
  SMS_GATEWAY_URL: z.string().url('must be an http(s) URL').optional(),
  SMS_API_KEY: z.string().optional(),
  SMS_SENDER: z.string().optional(),
});

export interface AppConfig {
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  temporalAddress: string | undefined;
  temporalNamespace: string;
  /** The Temporal Web UI, for links to a task's workflow (coordinators and admins); unset: no link. */
  temporalUiUrl: string | undefined;
  /** Where the worker serves the Temporal SDK's Prometheus metrics (`/metrics`), or undefined: off. */
  workerMetricsAddress: string | undefined;
  /** NODE_ENV=production: no dev mode, no Swagger unless SWAGGER_ENABLED=true. */
  production: boolean;
  /** The interface the API listens on: 127.0.0.1 in dev mode, else all, unless HOST says otherwise. */
  host: string;
  /** How giaoviec runs Temporal when TEMPORAL_ADDRESS is unset: the CLI's dev server, or Temporal Server on PostgreSQL. */
  temporalMode: 'dev' | 'server';
  /** TEMPORAL_MODE=server: Temporal's own database (`<name>` and `<name>_visibility`); unset: the embedded PostgreSQL. */
  temporalDatabaseUrl: string | undefined;
  authMode: 'dev' | 'jwt';
  jwtSecret: string | undefined;
  jwtJwksUrl: string | undefined;
  /** `iss` and `aud` of the tokens giaoviec signs, and required of every token it accepts. */
  jwtIssuer: string;
  jwtAudience: string;
  jwtClockToleranceSeconds: number;
  swaggerEnabled: boolean;
  /** OpenID Connect sign-in, when OIDC_ISSUER is set; users are mapped to giaoviec accounts. */
  oidc: OidcConfig | undefined;
  /** The first admin account, created when there is none yet. */
  bootstrapAdmin: { email: string; password: string } | undefined;
  rateLimits: {
    windowSeconds: number;
    signIn: number;
    mutationsPerUser: number;
    mutationsPerAddress: number;
  };
  businessTimeZone: string;
  logLevel: z.infer<typeof rawSchema>['LOG_LEVEL'];
  /** `json`: one JSON object a line (pino); `pretty`: readable in a terminal (npm start). */
  logFormat: 'json' | 'pretty';
  delivery: DeliveryConfig;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** Unset: a public client (PKCE only, no client authentication). */
  clientSecret: string | undefined;
  /** Where the identity provider sends the browser back: `<PUBLIC_URL>/api/auth/oidc/callback` unless OIDC_REDIRECT_URL says otherwise. */
  redirectUrl: string;
  scopes: string;
  /** The sign-in page's button. */
  label: string;
}

/** Where and how notifications are delivered; a channel without its settings is off. */
export interface DeliveryConfig {
  smtpUrl: string | undefined;
  mailFrom: string;
  /** The web pages' base URL for links in messages, without a trailing slash. */
  publicUrl: string;
  maxAttempts: number;
  retryInitialMs: number;
  retryMaxMs: number;
  pollIntervalMs: number;
  webhookTimeoutMs: number;
  /** Zalo through the OA's access token: OA messages to contacts' `zaloUserId`; ZNS to phones once a template is set. */
  zalo: { accessToken: string; oaMessageUrl: string; zns?: { url: string; templateId: string } } | undefined;
  sms: { url: string; apiKey: string; sender: string | undefined } | undefined;
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
  const production = raw.NODE_ENV === 'production';
  // Dev mode mints tokens for anyone: only when asked for, or for the all-embedded demo, never in production.
  const bothEmbedded = !raw.DATABASE_URL && !raw.TEMPORAL_ADDRESS;
  const authMode = raw.AUTH_MODE ?? (bothEmbedded && !production ? 'dev' : 'jwt');
  const problems: string[] = [];
  if (production && authMode === 'dev') problems.push('AUTH_MODE: dev is not allowed with NODE_ENV=production');
  if (raw.JWT_JWKS_URL && (!raw.JWT_ISSUER || !raw.JWT_AUDIENCE)) {
    problems.push('JWT_ISSUER and JWT_AUDIENCE: both are required with JWT_JWKS_URL (else any token of that identity provider would do)');
  }
  if (authMode === 'jwt' && !raw.JWT_SECRET && !raw.JWT_JWKS_URL) {
    problems.push('JWT_SECRET or JWT_JWKS_URL: one is required when AUTH_MODE=jwt');
  }
  if (authMode === 'jwt' && raw.JWT_SECRET && raw.JWT_SECRET.length < 32) {
    problems.push('JWT_SECRET: must be at least 32 characters');
  }
  if (Boolean(raw.BOOTSTRAP_ADMIN_EMAIL) !== Boolean(raw.BOOTSTRAP_ADMIN_PASSWORD)) {
    problems.push('BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD: give both or neither');
  }
  if (raw.TEMPORAL_MODE === 'server' && raw.TEMPORAL_ADDRESS) {
    problems.push('TEMPORAL_MODE: server starts a Temporal Server of its own; unset TEMPORAL_ADDRESS, or TEMPORAL_MODE to use that server');
  }
  if (raw.TEMPORAL_DATABASE_URL && raw.TEMPORAL_MODE !== 'server') {
    problems.push('TEMPORAL_DATABASE_URL: only used with TEMPORAL_MODE=server');
  }
  if (raw.OIDC_ISSUER && !raw.OIDC_CLIENT_ID) problems.push('OIDC_CLIENT_ID: required with OIDC_ISSUER');
  if (!raw.OIDC_ISSUER && (raw.OIDC_CLIENT_ID || raw.OIDC_CLIENT_SECRET || raw.OIDC_REDIRECT_URL)) {
    problems.push('OIDC_ISSUER: required with OIDC_CLIENT_ID, OIDC_CLIENT_SECRET or OIDC_REDIRECT_URL');
  }
  // giaoviec signs the token of a user who came through the identity provider.
  if (raw.OIDC_ISSUER && authMode === 'jwt' && !raw.JWT_SECRET) problems.push('JWT_SECRET: required with OIDC_ISSUER (giaoviec signs the sign-in token)');
  if (problems.length) throw new ConfigError(problems);
  const publicUrl = (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/+$/, '');
  return {
    port: raw.PORT,
    dataDir: raw.DATA_DIR,
    databaseUrl: raw.DATABASE_URL,
    temporalAddress: raw.TEMPORAL_ADDRESS,
    temporalNamespace: raw.TEMPORAL_NAMESPACE,
    temporalUiUrl: raw.TEMPORAL_UI_URL?.replace(/\/+$/, ''),
    workerMetricsAddress: raw.WORKER_METRICS_ADDRESS === 'off' ? undefined : (raw.WORKER_METRICS_ADDRESS ?? `${authMode === 'dev' ? '127.0.0.1' : '0.0.0.0'}:9464`),
    production,
    host: raw.HOST ?? (authMode === 'dev' ? '127.0.0.1' : '0.0.0.0'),
    temporalMode: raw.TEMPORAL_MODE,
    temporalDatabaseUrl: raw.TEMPORAL_DATABASE_URL,
    authMode,
    jwtSecret: raw.JWT_SECRET ?? (authMode === 'dev' ? DEV_JWT_SECRET : undefined),
    jwtJwksUrl: raw.JWT_JWKS_URL,
    jwtIssuer: raw.JWT_ISSUER ?? DEFAULT_JWT_ISSUER,
    jwtAudience: raw.JWT_AUDIENCE ?? DEFAULT_JWT_AUDIENCE,
    jwtClockToleranceSeconds: raw.JWT_CLOCK_TOLERANCE_SECONDS,
    bootstrapAdmin:
      raw.BOOTSTRAP_ADMIN_EMAIL && raw.BOOTSTRAP_ADMIN_PASSWORD ? { email: raw.BOOTSTRAP_ADMIN_EMAIL, password: raw.BOOTSTRAP_ADMIN_PASSWORD } : undefined,
    swaggerEnabled: raw.SWAGGER_ENABLED ? raw.SWAGGER_ENABLED === 'true' : !production,
    oidc:
      raw.OIDC_ISSUER && raw.OIDC_CLIENT_ID
        ? {
            issuer: raw.OIDC_ISSUER,
            clientId: raw.OIDC_CLIENT_ID,
            clientSecret: raw.OIDC_CLIENT_SECRET,
            redirectUrl: raw.OIDC_REDIRECT_URL ?? `${publicUrl}/api/auth/oidc/callback`,
            scopes: raw.OIDC_SCOPES,
            label: raw.OIDC_LABEL,
          }
        : undefined,
    rateLimits: {
      windowSeconds: raw.RATE_LIMIT_WINDOW_SECONDS,
      signIn: raw.RATE_LIMIT_SIGN_IN,
      mutationsPerUser: raw.RATE_LIMIT_MUTATIONS_PER_USER,
      mutationsPerAddress: raw.RATE_LIMIT_MUTATIONS_PER_ADDRESS,
    },
    businessTimeZone: raw.TZ_BUSINESS,
    logLevel: raw.LOG_LEVEL,
    logFormat: raw.LOG_FORMAT,
    delivery: {
      smtpUrl: raw.SMTP_URL,
      mailFrom: raw.MAIL_FROM,
      publicUrl,
      maxAttempts: raw.DELIVERY_MAX_ATTEMPTS,
      retryInitialMs: raw.DELIVERY_RETRY_INITIAL_MS,
      retryMaxMs: raw.DELIVERY_RETRY_MAX_MS,
      pollIntervalMs: raw.DELIVERY_POLL_INTERVAL_MS,
      webhookTimeoutMs: raw.WEBHOOK_TIMEOUT_MS,
      zalo: raw.ZALO_ACCESS_TOKEN
        ? {
            accessToken: raw.ZALO_ACCESS_TOKEN,
            oaMessageUrl: raw.ZALO_OA_MESSAGE_URL,
            ...(raw.ZALO_TEMPLATE_ID ? { zns: { url: raw.ZALO_ZNS_URL, templateId: raw.ZALO_TEMPLATE_ID } } : {}),
          }
        : undefined,
      sms: raw.SMS_GATEWAY_URL && raw.SMS_API_KEY ? { url: raw.SMS_GATEWAY_URL, apiKey: raw.SMS_API_KEY, sender: raw.SMS_SENDER } : undefined,
    },
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

import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig, OidcConfig } from '@giaoviec/config';
import { DomainError } from '@giaoviec/domain';
import { AuditLogStore, UserStore, type UserRecord } from '@giaoviec/persistence';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { createHash } from 'node:crypto';
import type { Configuration } from 'openid-client' with { 'resolution-mode': 'import' };
import { TokenService } from '../auth/token.service';
import { APP_CONFIG } from '../common/tokens';
import type { RequestOrigin } from './users.service';

/** openid-client is an ES module: loaded with import(), once. */
type OpenIdClient = typeof import('openid-client', { with: { 'resolution-mode': 'import' } });
let openIdClient: Promise<OpenIdClient> | undefined;
const loadOpenIdClient = () => (openIdClient ??= import('openid-client'));

/** How long the browser may take at the identity provider between leaving giaoviec and coming back. */
export const OIDC_STATE_LIFETIME_SECONDS = 10 * 60;

/** Why a sign-in through the identity provider was refused; the sign-in page words each for the user. */
export type OidcRefusal = 'unknown_user' | 'inactive' | 'email_unverified' | 'subject_mismatch' | 'failed';

export class OidcSignInRefused extends Error {
  constructor(
    readonly reason: OidcRefusal,
    detail?: string,
  ) {
    super(detail ?? reason);
    this.name = 'OidcSignInRefused';
  }
}

/** What the browser carries (encrypted, in an httpOnly cookie) from the login redirect to the callback. */
interface PendingSignIn {
  verifier: string;
  state: string;
  nonce: string;
}

/**
 * OpenID Connect sign-in (authorization code with PKCE, openid-client): the identity provider
 * vouches for the person, giaoviec maps them to one of its own accounts — by the provider's subject
 * once linked, else by verified e-mail — and signs the same token as a password sign-in. Unknown
 * and deactivated accounts are refused; every outcome is audited.
 */
@Injectable()
export class OidcSignInService {
  private configuration?: Promise<Configuration>;
  private readonly stateKey: Uint8Array;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UserStore,
    private readonly audit: AuditLogStore,
    private readonly tokens: TokenService,
  ) {
    // A key of its own for the state cookie, derived from the signing secret (never the secret itself).
    this.stateKey = createHash('sha256').update(`giaoviec-oidc-state\0${config.jwtSecret ?? ''}`).digest();
  }

  get enabled(): boolean {
    return this.config.oidc !== undefined && this.tokens.canSign;
  }

  private get settings(): OidcConfig {
    if (!this.config.oidc || !this.tokens.canSign) throw new DomainError('NOT_FOUND', 'Đăng nhập qua hệ thống định danh chưa được cấu hình.');
    return this.config.oidc;
  }

  /** The provider's metadata, discovered once (again after a failure, so that a provider down at start-up is retried). */
  private discover(): Promise<Configuration> {
    const settings = this.settings;
    this.configuration ??= loadOpenIdClient()
      .then((client) =>
        client.discovery(
          new URL(settings.issuer),
          settings.clientId,
          { redirect_uris: [settings.redirectUrl] },
          settings.clientSecret ? client.ClientSecretBasic(settings.clientSecret) : client.None(),
          // A plain-http issuer (a provider on the same host, the tests) is allowed outside production only.
          new URL(settings.issuer).protocol === 'http:' && !this.config.production ? { execute: [client.allowInsecureRequests] } : undefined,
        ),
      )
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw error;
      });
    return this.configuration;
  }

  /** Where to send the browser, and the encrypted state for its cookie. */
  async begin(): Promise<{ url: string; state: string }> {
    const settings = this.settings;
    const client = await loadOpenIdClient();
    const configuration = await this.discover();
    const pending: PendingSignIn = { verifier: client.randomPKCECodeVerifier(), state: client.randomState(), nonce: client.randomNonce() };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: settings.redirectUrl,
      scope: settings.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    const state = await new EncryptJWT({ ...pending })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt()
      .setExpirationTime(`${OIDC_STATE_LIFETIME_SECONDS}s`)
      .encrypt(this.stateKey);
    return { url: url.href, state };
  }

  /**
   * The provider's answer at the callback URL: exchanges the code (with the PKCE verifier), checks
   * state, nonce and the ID token, maps the person to an account and signs giaoviec's token.
   */
  async finish(callbackUrl: URL, stateCookie: string | undefined, origin: RequestOrigin): Promise<{ token: string; expiresAt: string }> {
    const settings = this.settings;
    const client = await loadOpenIdClient();
    const refuse = async (reason: OidcRefusal, actor: string | null, target: string | null, detail?: string): Promise<never> => {
      await this.audit.append({ action: 'sign_in_failed', actor, target, address: origin.address, details: { method: 'oidc', reason, ...(detail ? { detail } : {}) } });
      throw new OidcSignInRefused(reason, detail);
    };
    let claims: { sub: string; email?: unknown; email_verified?: unknown; name?: unknown };
    try {
      if (!stateCookie) throw new Error('no sign-in in progress (state cookie missing or expired)');
      const { payload } = await jwtDecrypt(stateCookie, this.stateKey);
      const pending = payload as unknown as PendingSignIn;
      const configuration = await this.discover();
      // The provider answers at OIDC_REDIRECT_URL, which may differ from what the proxy shows this process.
      const current = new URL(settings.redirectUrl);
      current.search = callbackUrl.search;
      const tokens = await client.authorizationCodeGrant(configuration, current, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) throw new Error('no ID token');
      claims = idClaims as typeof claims;
      // Providers that keep the ID token lean (oidc-provider by default) give e-mail at the UserInfo endpoint.
      if (typeof claims.email !== 'string') {
        claims = { ...(await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub)), sub: idClaims.sub };
      }
    } catch (error) {
      const detail = error instanceof Error ? error.message.slice(0, 300) : String(error).slice(0, 300);
      new Logger('oidc').warn(`sign-in through ${settings.issuer} failed: ${detail}`);
      return refuse('failed', null, null, detail);
    }
    const issuer = settings.issuer;
    const email = typeof claims.email === 'string' ? claims.email.trim() : undefined;
    const actor = email ?? `oidc:${claims.sub}`;
    let user: UserRecord | undefined = await this.users.findByOidcSubject(issuer, claims.sub);
    if (!user) {
      if (!email) return refuse('unknown_user', actor, null);
      // An address the provider has not verified could be anyone's: it does not open an account.
      if (claims.email_verified === false) return refuse('email_unverified', actor, null);
      user = await this.users.findCredentials(email);
      if (!user) return refuse('unknown_user', actor, null);
      if (user.active && !(await this.users.linkOidcSubject(user.id, issuer, claims.sub))) return refuse('subject_mismatch', actor, user.id);
    }
    if (!user.active) return refuse('inactive', actor, user.id);
    await this.users.recordSignIn(user.id);
    await this.audit.append({ action: 'sign_in', actor: user.email, target: user.id, address: origin.address, details: { method: 'oidc', issuer } });
    const token = await this.tokens.sign({ sub: user.id, name: user.name, role: user.role, ...(user.agency ? { agency: user.agency } : {}) }, { account: true });
    return { token, expiresAt: new Date(Date.now() + this.tokens.lifetimeSeconds * 1000).toISOString() };
  }
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A person the test identity provider knows (its `findAccount`), by account id (= `sub`). */
export interface OidcTestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface OidcTestProvider {
  issuer: string;
  /** Changed in place: the next sign-in sees the new claims. */
  accounts: Record<string, OidcTestAccount>;
  stop(): Promise<void>;
}

/** The little of oidc-provider's API used here (the package has no type declarations). */
type OidcProviderClass = new (issuer: string, configuration: Record<string, unknown>) => { callback(): http.RequestListener };

/**
 * A real OpenID provider (the certified `oidc-provider` package) in this process on a local port,
 * with one confidential client and its development login and consent pages, which the tests fill
 * in over HTTP: POST /interaction/:uid with `login=<account id>`, then with `prompt=consent`.
 * Claims beyond `sub` come from the UserInfo endpoint (the package's default), as with many providers.
 */
export async function startOidcProvider(options: {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  accounts: Record<string, OidcTestAccount>;
}): Promise<OidcTestProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The package warns (rightly) about its development-only keys, storage and login pages; in a test they are wanted.
  const { warn, info } = console;
  const quiet = (log: (...args: unknown[]) => void) => (...args: unknown[]) => (String(args[0]).startsWith('oidc-provider') ? undefined : log(...args));
  console.warn = quiet(warn);
  console.info = quiet(info);
  const { default: Provider } = (await import('oidc-provider' as string)) as { default: OidcProviderClass };
  const accounts = options.accounts;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    findAccount: async (_ctx: unknown, id: string) =>
      accounts[id] ? { accountId: id, claims: async () => ({ sub: id, ...accounts[id] }) } : undefined,
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['giaoviec-test-oidc-cookie-key'] },
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    accounts,
    stop: async () => {
      console.warn = warn;
      console.info = info;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * What a browser does with redirects and cookies, over fetch: follows 3xx (keeping every URL it
 * passed), sends and keeps cookies per host. Enough for the code flow; no script runs.
 */
export class BrowserLike {
  private readonly jars = new Map<string, Map<string, string>>();
  readonly visited: string[] = [];

  cookie(url: string, name: string): string | undefined {
    return this.jars.get(new URL(url).host)?.get(name);
  }

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ url: string; status: number; text: string }> {
    let current = new URL(url);
    let method = init.method ?? 'GET';
    let body: string | undefined = init.form ? new URLSearchParams(init.form).toString() : undefined;
    for (let hop = 0; hop < 20; hop++) {
      this.visited.push(current.href);
      const jar = this.jars.get(current.host) ?? new Map<string, string>();
      this.jars.set(current.host, jar);
      const headers: Record<string, string> = {};
      if (jar.size) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
      if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
      const response = await fetch(current, { method, headers, body, redirect: 'manual' });
      for (const line of response.headers.getSetCookie()) {
        const [pair, ...attributes] = line.split(';');
        const [name, ...value] = pair.split('=');
        const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute) || (/^\s*expires=/i.test(attribute) && Date.parse(attribute.split('=')[1]) < Date.now()));
        if (expired || value.join('=') === '') jar.delete(name.trim());
        else jar.set(name.trim(), value.join('='));
      }
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.arrayBuffer();
        current = new URL(location, current);
        method = 'GET';
        body = undefined;
        continue;
      }
      return { url: current.href, status: response.status, text: await response.text() };
    }
    throw new Error(`too many redirects from ${url}`);
  }
}

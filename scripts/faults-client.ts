/**
 * The fault test's HTTP client: what a real client of giaoviec does when a server fails under it — it
 * sends every mutating request with an `Idempotency-Key` and retries it (on the other API process too)
 * until it gets a definitive answer: on a network error, a 5xx, a 429, or the 409 of a key still being
 * served. A retry never changes the key.
 */
export interface ApiAnswer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- the API's JSON, read field by field
}

const IN_PROGRESS = /đang được xử lý/;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class FaultTolerantClient {
  private next = 0;
  retries = 0;

  constructor(
    private readonly ports: readonly number[],
    // Generous: on a loaded machine a worker restarting after a kill takes a minute before it catches up.
    private readonly giveUpAfterMs = 300_000,
  ) {}

  async call(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; key?: string; contentType?: string; giveUpAfterMs?: number } = {},
  ): Promise<ApiAnswer> {
    const giveUpAfterMs = options.giveUpAfterMs ?? this.giveUpAfterMs;
    const deadline = Date.now() + giveUpAfterMs;
    let last = '';
    for (;;) {
      const port = this.ports[this.next++ % this.ports.length];
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api${path}`, {
          method,
          headers: {
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
            ...(options.key ? { 'idempotency-key': options.key } : {}),
            ...(options.body !== undefined ? { 'content-type': options.contentType ?? 'application/json' } : {}),
          },
          body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
          // Longer than the API's own longest wait (a plan issue answers within 60 s).
          signal: AbortSignal.timeout(75_000),
        });
        const text = await response.text();
        const body = text ? safeJson(text) : null;
        const retryable = response.status >= 500 || response.status === 429 || (response.status === 409 && IN_PROGRESS.test(String(body?.message ?? '')));
        if (!retryable) return { status: response.status, body };
        last = `${response.status} ${String(body?.message ?? text).slice(0, 200)}`;
      } catch (error) {
        last = String((error as Error).cause ?? (error as Error).message);
      }
      if (Date.now() > deadline) throw new Error(`${method} ${path}: no definitive answer within ${giveUpAfterMs / 1000} s (last: ${last})`);
      this.retries += 1;
      await sleep(400 + Math.floor((this.retries * 37) % 400));
    }
  }

  async token(user: { sub: string; role: string; name?: string; agency?: string }): Promise<string> {
    const answer = await this.call('POST', '/auth/dev-token', { body: user });
    if (answer.status !== 200) throw new Error(`dev token for ${user.sub}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.token as string;
  }
}

function safeJson(text: string): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    return JSON.parse(text);
  } catch {
    return { message: text };
  }
}

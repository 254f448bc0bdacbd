import { startTestStack, type TestStack } from '../support/test-stack';

/** What a load balancer and Prometheus read from the API. */
describe('observability (end to end)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('answers liveness and readiness without a token', async () => {
    expect((await stack.http.get('/api/health/live').expect(200)).body).toEqual({ status: 'ok' });
    expect((await stack.http.get('/api/health/ready').expect(200)).body).toMatchObject({ status: 'ok', temporal: 'up', database: 'up' });
  });

  it('names each request by its X-Request-Id, given or made', async () => {
    const given = await stack.http.get('/api/health/live').set('X-Request-Id', 'lb-1234').expect(200);
    expect(given.headers['x-request-id']).toBe('lb-1234');
    const made = await stack.http.get('/api/health/live').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves Prometheus metrics: requests by route, latencies, tasks by category, deliveries by status', async () => {
    await stack.http.get('/api/health/live').expect(200);
    const response = await stack.http.get('/metrics').expect(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.text).toMatch(/giaoviec_http_requests_total\{method="GET",route="\/api\/health\/live",status="200"\} \d+/);
    expect(response.text).toContain('giaoviec_http_request_duration_seconds_bucket');
    expect(response.text).toMatch(/giaoviec_tasks\{category="in_progress_overdue"\} \d+/);
    expect(response.text).toMatch(/giaoviec_notification_deliveries\{status="pending"\} \d+/);
    expect(response.text).toContain('giaoviec_api_process_cpu_seconds_total');
  });
});

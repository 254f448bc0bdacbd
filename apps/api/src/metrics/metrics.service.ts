import { Injectable } from '@nestjs/common';
import { DeliveriesRepository } from '@giaoviec/persistence';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DashboardService } from '../dashboard/dashboard.service';

/**
 * The API's Prometheus metrics (`GET /metrics`): requests and their latencies by route, tasks by category and
 * the notification deliveries waiting in the outbox (both read from PostgreSQL when scraped), and Node's own.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'giaoviec_http_requests_total',
    help: 'HTTP requests answered by the API',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'giaoviec_http_request_duration_seconds',
    help: 'Time to answer an HTTP request',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor(dashboard: DashboardService, deliveries: DeliveriesRepository) {
    collectDefaultMetrics({ register: this.registry, prefix: 'giaoviec_api_' });
    new Gauge({
      name: 'giaoviec_tasks',
      help: 'Tasks by status category (as the dashboard counts them)',
      labelNames: ['category'],
      registers: [this.registry],
      async collect() {
        const { byCategory } = await dashboard.overview({ limit: 1 });
        for (const [category, count] of Object.entries(byCategory)) this.set({ category }, count);
      },
    });
    new Gauge({
      name: 'giaoviec_notification_deliveries',
      help: 'Notification deliveries by status (pending and failed ones wait in the outbox)',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        for (const [status, count] of Object.entries(await deliveries.countByStatus())) this.set({ status }, count);
      },
    });
  }

  /** Records one answered request; `route` is the matched route pattern, so ids do not explode the labels. */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.latency.observe({ method, route }, seconds);
  }
}

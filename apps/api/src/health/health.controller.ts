import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthRepository } from '@giaoviec/persistence';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { TemporalGateway } from '../temporal/temporal.gateway';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: HealthRepository,
    private readonly temporal: TemporalGateway,
  ) {}

  @Public()
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (no dependency is checked, so a restart is never caused by them)' })
  live() {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: Temporal and PostgreSQL reachable; 503 while either is down (a load balancer stops sending traffic)' })
  ready(@Res({ passthrough: true }) response: Response) {
    return this.health(response);
  }

  @Public()
  @Get()
  @ApiOperation({ summary: 'Reachability of Temporal and PostgreSQL; 503 when either is down' })
  async health(@Res({ passthrough: true }) response: Response) {
    const [temporal, database] = await Promise.all([
      withTimeout(this.temporal.isReachable(), 3000),
      withTimeout(this.database.ping(), 3000),
    ]);
    const ok = temporal && database;
    response.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'degraded', temporal: temporal ? 'up' : 'down', database: database ? 'up' : 'down' };
  }
}

function withTimeout(check: Promise<boolean>, ms: number): Promise<boolean> {
  return Promise.race([check, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref())]);
}

import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthRepository } from '@giaoviec/persistence';
import { isTemporalReachable } from '@giaoviec/temporal';
import { Client } from '@temporalio/client';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: HealthRepository,
    private readonly temporal: Client,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Reachability of Temporal and PostgreSQL; 503 when either is down' })
  async health(@Res({ passthrough: true }) response: Response) {
    const [temporal, database] = await Promise.all([
      withTimeout(isTemporalReachable(this.temporal), 3000),
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

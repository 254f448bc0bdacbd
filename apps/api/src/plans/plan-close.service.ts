import { Injectable } from '@nestjs/common';
import { reportingScheduleWorkflowId } from '@giaoviec/contracts';
import { PlanStore } from '@giaoviec/persistence';
import { toActor } from '../auth/actor';
import type { AuthUser } from '../auth/auth.types';
import { notFound } from '../common/route-ids';
import { TemporalGateway } from '../temporal/temporal.gateway';

export interface PlanClosedView {
  id: string;
  code: string;
  closedAt: string;
  /** True when the plan had been closed before (the first closing stands). */
  alreadyClosed: boolean;
}

/**
 * `POST /api/plans/:id/close`: the plan ends — recorded first, then its reporting schedule is cancelled, so no
 * period's round opens any more (an opening racing the cancel reads the closing and stops too). Idempotent. The
 * rounds and tasks already open stay as they are: each is closed or cancelled on its own.
 */
@Injectable()
export class PlanCloseService {
  constructor(
    private readonly plans: PlanStore,
    private readonly temporal: TemporalGateway,
  ) {}

  async close(user: AuthUser, planId: string, reason?: string): Promise<PlanClosedView> {
    const closed = await this.plans.close(planId, new Date().toISOString(), toActor(user), reason?.trim() || null);
    if (!closed) throw notFound('plan');
    await this.temporal.cancel(reportingScheduleWorkflowId(closed.code));
    return { id: planId, code: closed.code, closedAt: closed.closedAt, alreadyClosed: closed.alreadyClosed };
  }
}

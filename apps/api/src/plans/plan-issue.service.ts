import { Injectable } from '@nestjs/common';
import { planIssueWorkflowStartOptions, type PlanIssueResult, type PlanIssueWorkflowInput } from '@giaoviec/contracts';
import { DomainError } from '@giaoviec/domain';
import { toActor } from '../auth/actor';
import type { AuthUser } from '../auth/auth.types';
import { DependencyUnavailableException } from '../common/api-exceptions';
import { STILL_RUNNING, TemporalGateway } from '../temporal/temporal.gateway';
import { PlanReadService } from './plan-read.service';

/** How long `POST /api/plans/:id/issue` waits for the issue to finish before answering 503 (it carries on). */
const ISSUE_WAIT_MS = 60_000;

/**
 * `POST /api/plans/:id/issue`: runs `planIssueWorkflow`, which starts every task workflow exactly once,
 * and answers with its counts. A call while an issue of the same plan is running joins it.
 */
@Injectable()
export class PlanIssueService {
  constructor(
    private readonly temporal: TemporalGateway,
    private readonly reads: PlanReadService,
  ) {}

  async issue(user: AuthUser, planId: string): Promise<PlanIssueResult> {
    const plan = await this.reads.findPlan(planId);
    if (plan.closedAt) throw new DomainError('INVALID_STATE', `Kế hoạch ${plan.code} đã kết thúc, không ban hành lại được.`);
    const input: PlanIssueWorkflowInput = {
      planId: plan.id,
      planCode: plan.code,
      issuedAt: new Date().toISOString(),
      issuedBy: toActor(user),
    };
    const outcome = await this.temporal.runWithin<PlanIssueResult>('planIssueWorkflow', planIssueWorkflowStartOptions(input), ISSUE_WAIT_MS);
    if (outcome === STILL_RUNNING) {
      throw new DependencyUnavailableException(
        `Kế hoạch ${plan.code} đang được ban hành nhưng chưa xong sau ${ISSUE_WAIT_MS / 1000} giây (máy xử lý có thể đang dừng). ` +
          'Việc ban hành vẫn tiếp tục khi máy xử lý chạy lại; gọi lại để xem kết quả, không nhiệm vụ nào bị giao hai lần.',
      );
    }
    return outcome;
  }
}

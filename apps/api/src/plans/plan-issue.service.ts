import { Injectable, Logger } from '@nestjs/common';
import { planIssueWorkflowStartOptions, type PlanIssueResult, type PlanIssueWorkflowInput } from '@giaoviec/contracts';
import { DomainError } from '@giaoviec/domain';
import { Client, ServiceError } from '@temporalio/client';
import type { AuthUser } from '../auth/auth.types';
import { toActor } from './plan-actor';
import { PlanReadService } from './plan-read.service';

/** How long `POST /api/plans/:id/issue` waits for the issue to finish before answering 503 (it carries on). */
const ISSUE_WAIT_MS = 60_000;

/**
 * `POST /api/plans/:id/issue`: runs `planIssueWorkflow`, which starts every task workflow exactly once,
 * and answers with its counts. A call while an issue of the same plan is running joins it.
 */
@Injectable()
export class PlanIssueService {
  private readonly logger = new Logger(PlanIssueService.name);

  constructor(
    private readonly temporal: Client,
    private readonly reads: PlanReadService,
  ) {}

  async issue(user: AuthUser, planId: string): Promise<PlanIssueResult> {
    const plan = await this.reads.findPlan(planId);
    const input: PlanIssueWorkflowInput = {
      planId: plan.id,
      planCode: plan.code,
      issuedAt: new Date().toISOString(),
      issuedBy: toActor(user),
    };
    let result: Promise<PlanIssueResult>;
    try {
      const handle = await this.temporal.workflow.start('planIssueWorkflow', planIssueWorkflowStartOptions(input));
      result = handle.result() as Promise<PlanIssueResult>;
    } catch (error) {
      throw this.unavailable(error);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), ISSUE_WAIT_MS);
    });
    try {
      const outcome = await Promise.race([result, timeout]);
      if (outcome === 'timeout') {
        throw new DomainError(
          'DEPENDENCY_UNAVAILABLE',
          `Kế hoạch ${plan.code} đang được ban hành nhưng chưa xong sau ${ISSUE_WAIT_MS / 1000} giây (máy xử lý có thể đang dừng). ` +
            'Việc ban hành vẫn tiếp tục khi máy xử lý chạy lại; gọi lại để xem kết quả, không nhiệm vụ nào bị giao hai lần.',
        );
      }
      return outcome;
    } catch (error) {
      throw this.unavailable(error);
    } finally {
      clearTimeout(timer);
      result.catch(() => undefined);
    }
  }

  /** Temporal unreachable is a 503 the client may retry; anything else stays a logged 500. */
  private unavailable(error: unknown): unknown {
    if (!(error instanceof ServiceError)) return error;
    this.logger.error(error.stack ?? error.message);
    return new DomainError('DEPENDENCY_UNAVAILABLE', 'Không kết nối được máy chủ Temporal, vui lòng thử lại sau.');
  }
}

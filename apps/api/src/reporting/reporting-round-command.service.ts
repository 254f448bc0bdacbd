import { Injectable, Logger } from '@nestjs/common';
import {
  ROUND_COMMAND_REFUSED_FAILURE,
  closeRoundUpdate,
  initialReportingRoundState,
  openedRoundEvent,
  reportingRoundStartOptions,
  reportingRoundTitle,
  reportingRoundWorkflowId,
  submitRoundReportUpdate,
  type ReportingRoundInput,
} from '@giaoviec/contracts';
import {
  COORDINATING_AGENCY_CODE,
  DomainError,
  deadlineProblem,
  describeRoundDue,
  expandAgencyCodes,
  resolveRoundPolicy,
  roundCommandRefusal,
  validateIndicatorActuals,
  validateRoundPolicyOverride,
  type Actor,
  type ErrorDetail,
  type ReportingRoundPolicyOverride,
  type RoundCommand,
} from '@giaoviec/domain';
import { ReportingRoundStore, type PlanReportingContext } from '@giaoviec/persistence';
import { Client, ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth.types';
import { toActor } from '../plans/plan-actor';
import { CreateReportingRoundRequest, SubmitRoundReportRequest } from './dto/reporting-round.dto';
import { ReportingRoundReadService, type ReportingRoundView } from './reporting-round-read.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opens rounds (a round workflow each) and turns reports and closing into Temporal updates. */
@Injectable()
export class ReportingRoundCommandService {
  private readonly logger = new Logger(ReportingRoundCommandService.name);
  private readonly store: ReportingRoundStore;

  constructor(
    private readonly temporal: Client,
    private readonly reads: ReportingRoundReadService,
    private readonly dataSource: DataSource,
  ) {
    this.store = new ReportingRoundStore(dataSource);
  }

  /**
   * `POST /api/plans/:id/reporting-rounds`: validates everything first (400 naming each field, nothing
   * started), starts the round workflow, and writes its first event at once so the answer reads complete.
   */
  async open(user: AuthUser, planId: string, request: CreateReportingRoundRequest): Promise<ReportingRoundView> {
    const plan = await this.plan(planId);
    const details: ErrorDetail[] = [];
    const dueAtMs = Date.parse(request.dueAt);
    const dueProblem = deadlineProblem(request.dueAt, Date.now(), 'dueAt');
    if (dueProblem) details.push(dueProblem);
    if (request.policy !== undefined) details.push(...validateRoundPolicyOverride(request.policy, 'policy'));
    if (request.participants) details.push(...(await this.unknownCodes(request.participants, plan)));
    if (details.length) throw invalid(details);

    const participants = request.participants ? expandAgencyCodes(request.participants, plan.groups) : await this.store.defaultParticipants(plan);
    if (participants.length === 0) {
      throw invalid([{ path: 'participants', message: 'kế hoạch không giao việc hay chỉ tiêu cho cơ quan nào; hãy nêu các cơ quan phải báo cáo' }]);
    }
    const roundId = randomUUID();
    const coordinatorAgency = plan.reportingRecipient ?? COORDINATING_AGENCY_CODE;
    const input: ReportingRoundInput = {
      roundId,
      planId: plan.id,
      planCode: plan.code,
      roundKey: roundId,
      kind: 'ad_hoc',
      title: reportingRoundTitle(plan.title),
      dueAt: new Date(dueAtMs).toISOString(),
      dueText: describeRoundDue(dueAtMs),
      coordinatorAgency,
      participants,
      agencyNames: await this.store.agencyNames([...participants, coordinatorAgency]),
      policy: resolveRoundPolicy(request.policy as ReportingRoundPolicyOverride | undefined),
      openedAt: new Date().toISOString(),
      openedBy: toActor(user),
    };
    const workflowId = reportingRoundWorkflowId(plan.code, input.roundKey);
    try {
      await this.temporal.workflow.start('reportingRoundWorkflow', reportingRoundStartOptions(workflowId, input));
    } catch (error) {
      throw this.unavailable(error);
    }
    // The workflow records the same first event (same key, same content); writing it here too lets the
    // caller read the round at once, without waiting for the worker.
    await this.store.recordRoundEvent(openedRoundEvent(workflowId, input), { input, state: { ...initialReportingRoundState(input), eventSeq: 1 } }, null, []);
    return this.reads.getVisible(user, roundId);
  }

  /**
   * `POST /api/reporting-rounds/:id/reports`: a participant's report, or an amendment of it. Its indicator
   * actuals are checked against the plan (400 naming `indicatorActuals[i].indicator`) before the workflow
   * sees anything; the workflow's validator has the last word on the round's state (409).
   */
  async submit(user: AuthUser, roundId: string, request: SubmitRoundReportRequest): Promise<ReportingRoundView> {
    const round = await this.reads.findVisible(user, roundId);
    this.refuseUnlessAllowed(round, 'submit_report', user);
    const plan = await this.plan(round.planId);
    const indicatorActuals = request.indicatorActuals.map(({ indicator, value }) => ({ indicator, value }));
    const details = validateIndicatorActuals(indicatorActuals, { agency: user.agency!, indicators: plan.indicators, groups: plan.groups });
    if (details.length) throw invalid(details);
    const attachments = (request.attachments ?? []).map(({ name, url }) => ({ name: name.trim(), ...(url ? { url } : {}) }));
    await this.send(user, round.workflowId, (handle, actor) =>
      handle.executeUpdate(submitRoundReportUpdate, { args: [{ actor, content: request.content.trim(), indicatorActuals, attachments }] }),
    );
    return this.reads.getVisible(user, roundId);
  }

  /** `POST /api/reporting-rounds/:id/close`: the coordinator ends the round; it accepts nothing more. */
  async close(user: AuthUser, roundId: string, note?: string): Promise<ReportingRoundView> {
    const round = await this.reads.findVisible(user, roundId);
    this.refuseUnlessAllowed(round, 'close', user);
    await this.send(user, round.workflowId, (handle, actor) => handle.executeUpdate(closeRoundUpdate, { args: [{ actor, ...(note ? { note } : {}) }] }));
    return this.reads.getVisible(user, roundId);
  }

  /** Fast 409 from the read model; the workflow's validator checks again against the live state. */
  private refuseUnlessAllowed(round: { status: 'open' | 'closed'; participantCodes: string[] }, command: RoundCommand, user: AuthUser): void {
    const reason = roundCommandRefusal({ status: round.status, participants: round.participantCodes.map((agency) => ({ agency })) }, command, user);
    if (reason) throw new DomainError('INVALID_STATE', reason);
  }

  private async send<R>(user: AuthUser, workflowId: string, update: (handle: WorkflowHandle, actor: Actor) => Promise<R>): Promise<R> {
    try {
      return await update(this.temporal.workflow.getHandle(workflowId), toActor(user));
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === ROUND_COMMAND_REFUSED_FAILURE) {
        throw new DomainError('INVALID_STATE', error.cause.message);
      }
      if (error instanceof WorkflowNotFoundError) throw new DomainError('INVALID_STATE', 'Đợt báo cáo đã kết thúc, không thể thay đổi.');
      throw this.unavailable(error);
    }
  }

  private async plan(planId: string): Promise<PlanReportingContext> {
    const plan = UUID.test(planId) ? await this.store.planContext(planId) : null;
    if (!plan) throw new DomainError('NOT_FOUND', 'Không tìm thấy kế hoạch.');
    return plan;
  }

  /** Codes that are neither a current agency of the directory nor a group the plan knows. */
  private async unknownCodes(codes: readonly string[], plan: PlanReportingContext): Promise<ErrorDetail[]> {
    const agencies = await this.store.currentAgencyCodes(codes);
    return codes.flatMap((code, index) =>
      agencies.has(code) || plan.groups.has(code) ? [] : [{ path: `participants[${index}]`, message: `không có cơ quan hay nhóm mã "${code}"` }],
    );
  }

  /** Temporal unreachable is a 503 the client may retry; anything else stays a logged 500. */
  private unavailable(error: unknown): unknown {
    if (!(error instanceof ServiceError)) return error;
    this.logger.error(error.stack ?? error.message);
    return new DomainError('DEPENDENCY_UNAVAILABLE', 'Không kết nối được máy chủ Temporal, vui lòng thử lại sau.');
  }
}

function invalid(details: ErrorDetail[]): DomainError {
  return new DomainError('VALIDATION_FAILED', `Dữ liệu không hợp lệ: ${[...new Set(details.map((detail) => detail.path))].join(', ')}`, details);
}

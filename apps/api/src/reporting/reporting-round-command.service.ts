import { Injectable } from '@nestjs/common';
import {
  closeRoundUpdate,
  openedRoundEvent,
  openedRoundProjection,
  reportingRoundStartOptions,
  reportingRoundTitle,
  reportingRoundWorkflowId,
  submitRoundReportUpdate,
  type ReportingRoundInput,
} from '@giaoviec/contracts';
import {
  DomainError,
  deadlineProblem,
  describeRoundDue,
  expandAgencyCodes,
  resolveRoundPolicy,
  roundCommandRefusal,
  validateIndicatorActuals,
  validateRoundPolicyOverride,
  validationFailed,
  type ErrorDetail,
  type ReportingRoundPolicyOverride,
  type RoundCommand,
} from '@giaoviec/domain';
import { ReportingRoundStore, type PlanReportingContext } from '@giaoviec/persistence';
import { randomUUID } from 'node:crypto';
import { toActor } from '../auth/actor';
import type { AuthUser } from '../auth/auth.types';
import { notFound } from '../common/route-ids';
import { TemporalGateway } from '../temporal/temporal.gateway';
import { CreateReportingRoundRequest, SubmitRoundReportRequest } from './dto/reporting-round.dto';
import { ReportingRoundReadService, type ReportingRoundView } from './reporting-round-read.service';

/** The 409 of a command on a round whose workflow has ended. */
const ROUND_ENDED = 'Đợt báo cáo đã kết thúc, không thể thay đổi.';

/** Opens rounds (a round workflow each) and turns reports and closing into Temporal updates. */
@Injectable()
export class ReportingRoundCommandService {
  constructor(
    private readonly temporal: TemporalGateway,
    private readonly reads: ReportingRoundReadService,
    private readonly store: ReportingRoundStore,
  ) {}

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
    if (details.length) throw validationFailed(details);

    const participants = request.participants ? expandAgencyCodes(request.participants, plan.groups) : await this.store.defaultParticipants(plan);
    if (participants.length === 0) {
      throw validationFailed([{ path: 'participants', message: 'kế hoạch không giao việc hay chỉ tiêu cho cơ quan nào; hãy nêu các cơ quan phải báo cáo' }]);
    }
    const roundId = randomUUID();
    const coordinatorAgency = await this.store.coordinatorFor(plan.reportingRecipient);
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
    await this.temporal.startWithFirstEvent(
      {
        workflowType: 'reportingRoundWorkflow',
        options: reportingRoundStartOptions(workflowId, input),
        recordFirstEvent: () =>
          this.store.recordRoundEvent(openedRoundEvent(workflowId, input), openedRoundProjection(input), null, []),
      },
      'Đợt báo cáo này đã được mở.',
    );
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
    const predecessors = await this.store.predecessorsOf(roundId, user.agency!);
    const details = validateIndicatorActuals(indicatorActuals, { agency: user.agency!, indicators: plan.indicators, groups: plan.groups, predecessors });
    if (details.length) throw validationFailed(details);
    const attachments = (request.attachments ?? []).map(({ name, url }) => ({ name: name.trim(), ...(url ? { url } : {}) }));
    await this.temporal.update(
      round.workflowId,
      submitRoundReportUpdate,
      [{ actor: toActor(user), content: request.content.trim(), indicatorActuals, attachments }],
      ROUND_ENDED,
    );
    return this.reads.getVisible(user, roundId);
  }

  /** `POST /api/reporting-rounds/:id/close`: the coordinator ends the round; it accepts nothing more. */
  async close(user: AuthUser, roundId: string, note?: string): Promise<ReportingRoundView> {
    const round = await this.reads.findVisible(user, roundId);
    this.refuseUnlessAllowed(round, 'close', user);
    await this.temporal.update(round.workflowId, closeRoundUpdate, [{ actor: toActor(user), ...(note ? { note } : {}) }], ROUND_ENDED);
    return this.reads.getVisible(user, roundId);
  }

  /** Fast 409 from the read model; the workflow's validator checks again against the live state. */
  private refuseUnlessAllowed(round: { status: 'open' | 'closed'; participantCodes: string[] }, command: RoundCommand, user: AuthUser): void {
    const reason = roundCommandRefusal({ status: round.status, participants: round.participantCodes.map((agency) => ({ agency })) }, command, user);
    if (reason) throw new DomainError('INVALID_STATE', reason);
  }

  private async plan(planId: string): Promise<PlanReportingContext> {
    const plan = await this.store.planContext(planId);
    if (!plan) throw notFound('plan');
    return plan;
  }

  /** Codes that are neither a current agency of the directory nor a group the plan knows. */
  private async unknownCodes(codes: readonly string[], plan: PlanReportingContext): Promise<ErrorDetail[]> {
    const agencies = await this.store.currentAgencyCodes(codes);
    return codes.flatMap((code, index) =>
      agencies.has(code) || plan.groups.has(code) ? [] : [{ path: `participants[${index}]`, message: `không có cơ quan hay nhóm mã "${code}"` }],
    );
  }
}

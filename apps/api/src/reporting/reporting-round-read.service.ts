import { Injectable } from '@nestjs/common';
import { indicatorsReportableBy, missingParticipants } from '@giaoviec/domain';
import {
  PlanStore,
  ReportingRoundStore,
  type RecordedEvent,
  type RoundParticipantRecord,
  type RoundRecord,
  type RoundReportVersionRecord,
  type RoundSummaryRecord,
  type PageRequest,
} from '@giaoviec/persistence';
import type { AuthUser } from '../auth/auth.types';
import { notFound } from '../common/route-ids';


export type RoundParticipantView = RoundParticipantRecord;
export type RoundEventView = RecordedEvent;
export type RoundReportView = RoundReportVersionRecord;
export type ReportingRoundSummaryView = RoundSummaryRecord;

export interface ReportingRoundView extends Omit<RoundRecord, 'participantCodes'> {
  participants: RoundParticipantView[];
  /** Participants that have not reported (pending before the deadline, late after it). */
  missing: { code: string; name: string }[];
  events: RoundEventView[];
  /** For a participant agency: its latest report version (null before its first). */
  ownReport?: RoundReportView | null;
  /** For an agency reader: the plan's indicators it is assigned to report actuals for. */
  reportableIndicators?: { code: string; name: string; unit: string }[];
}

/**
 * Reporting rounds from PostgreSQL (the read model the round workflows keep current). Who sees a round:
 * the coordinator and the leadership; an agency only the rounds it takes part in — any other round is a
 * 404 to it, as if it did not exist.
 */
@Injectable()
export class ReportingRoundReadService {
  constructor(
    private readonly rounds: ReportingRoundStore,
    private readonly plans: PlanStore,
  ) {}

  /** The round if `user` may see it, else 404. */
  async findVisible(user: AuthUser, id: string): Promise<RoundRecord> {
    const round = await this.rounds.findRound(id);
    if (!round || (user.role === 'agency' && !round.participantCodes.includes(user.agency ?? ''))) {
      throw notFound('reportingRound');
    }
    return round;
  }

  async getVisible(user: AuthUser, id: string): Promise<ReportingRoundView> {
    const { participantCodes: _codes, ...round } = await this.findVisible(user, id);
    const [participants, events] = await Promise.all([this.rounds.participants(id), this.rounds.events(id)]);
    const view: ReportingRoundView = {
      ...round,
      participants,
      missing: missingParticipants(participants).map((participant) => ({ code: participant.agency, name: participant.agencyName })),
      events,
    };
    if (user.role === 'agency') {
      view.ownReport = (await this.rounds.reportVersions(id, user.agency)).at(-1) ?? null;
      view.reportableIndicators = await this.reportableIndicators(round.planId, user.agency!, await this.rounds.predecessorsOf(id, user.agency!));
    }
    return view;
  }

  private async reportableIndicators(planId: string, agency: string, predecessors: readonly string[]): Promise<{ code: string; name: string; unit: string }[]> {
    const plan = await this.rounds.planContext(planId);
    const codes = new Set(plan ? indicatorsReportableBy(agency, plan.indicators, plan.groups, predecessors) : []);
    if (codes.size === 0) return [];
    const indicators = await this.plans.indicators(planId);
    return indicators.filter((indicator) => codes.has(indicator.code)).map(({ code, name, unit }) => ({ code, name, unit }));
  }

  /** Rounds of a plan (coordinator, leader), latest deadline first. */
  async listForPlan(planId: string, page: PageRequest): Promise<{ items: ReportingRoundSummaryView[]; total: number }> {
    const plan = await this.plans.reference(planId);
    if (!plan) throw notFound('plan');
    return this.rounds.list({ planId }, page);
  }

  /** Every round `user` may see: all for the coordinator and the leadership, its own for an agency. */
  async listVisible(user: AuthUser, page: PageRequest): Promise<{ items: ReportingRoundSummaryView[]; total: number }> {
    return this.rounds.list(user.role === 'agency' ? { participant: user.agency ?? '' } : {}, page);
  }

  /**
   * Every version of the reports of a round, oldest first per agency (nothing submitted is ever dropped):
   * an agency sees only its own; the coordinator and the leadership everyone's, or one agency's.
   */
  async reports(user: AuthUser, roundId: string, agency?: string): Promise<RoundReportView[]> {
    await this.findVisible(user, roundId);
    return this.rounds.reportVersions(roundId, user.role === 'agency' ? user.agency : agency);
  }
}

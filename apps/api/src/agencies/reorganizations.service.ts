import { Injectable } from '@nestjs/common';
import { reorganizationStartOptions, type ReorganizationOutcome } from '@giaoviec/contracts';
import {
  DomainError,
  agenciesLosingWork,
  localDateOfInstant,
  planReorganization,
  roundParticipantMovesOf,
  startOfLocalDay,
  taskMoveOf,
  validateReorganization,
  validationFailed,
  type ReorganizationPlan,
  type ReorganizationRequest,
} from '@giaoviec/domain';
import { AgencyRepository, ReorganizationRepository, type ReorganizationRecord } from '@giaoviec/persistence';
import { randomUUID } from 'node:crypto';
import type { AuthUser } from '../auth/auth.types';
import { notFound } from '../common/route-ids';
import { STILL_RUNNING, TemporalGateway } from '../temporal/temporal.gateway';

/** How long `POST` waits for a reorganisation effective today to be applied before answering `applied: false`. */
const APPLY_WAIT_MS = 60_000;

export interface TaskMoveView {
  taskId: string;
  title: string;
  from: string;
  to: string;
  coordinatingAgencies: string[];
  /** With `openTasksTo: "each"`: every successor that gets the task (the first takes this one, the others a task each). */
  fanOut?: string[];
}

export interface RoundParticipantMoveView {
  roundId: string;
  title: string;
  from: string;
  to: string;
}

export interface ReorganizationAnswer {
  id: string | null;
  effectiveDate: string;
  applied: boolean;
  dryRun?: true;
  movedTasks: number;
  movedRoundParticipants: number;
  /** Tasks started for the other successors of an agency whose open tasks go to each of them. */
  createdTasks: number;
  moves?: TaskMoveView[];
  roundMoves?: RoundParticipantMoveView[];
}

/** Reorganisations of the directory (issue 11): validated by the domain's rules, applied by their workflow. */
@Injectable()
export class ReorganizationsService {
  constructor(
    private readonly agencies: AgencyRepository,
    private readonly reorganizations: ReorganizationRepository,
    private readonly temporal: TemporalGateway,
  ) {}

  list(): Promise<ReorganizationRecord[]> {
    return this.reorganizations.list();
  }

  /**
   * Validates (every problem a 400 naming `changes[i]…`, nothing stored), then either answers what would
   * move (`dryRun`) or stores the reorganisation and starts its workflow: applied at once when its moment
   * has come (the answer waits for it), else at 00:00 Asia/Ho_Chi_Minh of its effective date.
   */
  async create(user: AuthUser, body: ReorganizationRequest & { effectiveAt?: string }, dryRun: boolean): Promise<ReorganizationAnswer> {
    const problems = validateReorganization(body, await this.agencies.dated());
    const effectiveAt = this.effectiveMoment(typeof body === 'object' && body !== null ? body : {}, problems);
    if (problems.length) throw validationFailed(problems, 'Đợt sắp xếp tổ chức không hợp lệ');
    const request: ReorganizationRequest = { effectiveDate: body.effectiveDate, title: body.title.trim(), legalBasis: body.legalBasis, changes: body.changes };
    const plan = planReorganization(request, await this.agencies.dated(), await this.agencies.datedGroups());
    if (dryRun) return this.dryRun(request, plan);
    const id = randomUUID();
    const options = reorganizationStartOptions({ reorganizationId: id, effectiveAt: new Date(effectiveAt).toISOString() });
    await this.reorganizations.create({
      id,
      effectiveDate: request.effectiveDate,
      title: request.title,
      legalBasis: request.legalBasis ?? null,
      changes: request.changes,
      plan,
      workflowId: options.workflowId,
      createdBy: user.sub,
    });
    const due = effectiveAt <= Date.now();
    const outcome = await this.temporal.runWithin<ReorganizationOutcome>('reorganizationWorkflow', options, due ? APPLY_WAIT_MS : 0);
    if (outcome === STILL_RUNNING) return { id, effectiveDate: request.effectiveDate, applied: false, movedTasks: 0, movedRoundParticipants: 0, createdTasks: 0 };
    return { id, effectiveDate: request.effectiveDate, ...outcome };
  }

  /** What applying `plan` now would move: each open task (fan-outs listed) and each participant of an open round. */
  private async dryRun(request: ReorganizationRequest, plan: ReorganizationPlan): Promise<ReorganizationAnswer> {
    const losing = agenciesLosingWork(plan);
    const moves: TaskMoveView[] = [];
    for (const task of await this.reorganizations.openTasksOf(losing)) {
      const move = taskMoveOf(plan, task);
      if (!move) continue;
      const view: TaskMoveView = { taskId: task.taskId, title: task.title, from: task.leadAgency, to: move.agency, coordinatingAgencies: move.coordinatingAgencies };
      moves.push(move.fanOut ? { ...view, fanOut: [move.agency, ...move.fanOut] } : view);
    }
    const roundMoves = (await this.reorganizations.openRoundsOf(losing)).flatMap((round) =>
      roundParticipantMovesOf(plan, round.participants).map(({ from, to }) => ({ roundId: round.roundId, title: round.title, from, to })),
    );
    const createdTasks = moves.reduce((sum, move) => sum + (move.fanOut ? move.fanOut.length - 1 : 0), 0);
    return {
      id: null,
      effectiveDate: request.effectiveDate,
      applied: false,
      dryRun: true,
      movedTasks: moves.length,
      movedRoundParticipants: roundMoves.length,
      createdTasks,
      moves,
      roundMoves,
    };
  }

  /** Cancels a reorganisation that has not taken effect (409 once applied). */
  async cancel(id: string): Promise<ReorganizationRecord> {
    const reorganization = await this.reorganizations.get(id);
    if (!reorganization) throw notFound('reorganization');
    if (!(await this.reorganizations.cancel(id))) throw new DomainError('INVALID_STATE', 'Đợt sắp xếp tổ chức đã được áp dụng hoặc đã hủy.');
    await this.temporal.cancel(reorganization.workflowId);
    return (await this.reorganizations.get(id))!;
  }

  /** 00:00 Asia/Ho_Chi_Minh of the effective date, or `effectiveAt` when given (a moment of that same day). */
  private effectiveMoment(body: { effectiveDate?: unknown; effectiveAt?: unknown }, problems: { path: string; message: string }[]): number {
    const date = typeof body.effectiveDate === 'string' ? body.effectiveDate : '';
    // Any problem already found (a body that is not an object, a bad date) ends in a 400: no moment to compute.
    if (body.effectiveAt === undefined) return problems.length > 0 ? 0 : startOfLocalDay(date);
    const instant = typeof body.effectiveAt === 'string' ? Date.parse(body.effectiveAt) : NaN;
    if (Number.isNaN(instant) || localDateOfInstant(instant) !== date) {
      problems.push({ path: 'effectiveAt', message: 'phải là một thời điểm (ISO 8601) trong ngày effectiveDate, giờ Việt Nam' });
      return 0;
    }
    return instant;
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DIGEST_KIND, OPEN_TASK_STATUSES, type DigestInput } from '../../domain/src';

/** What the daily digest reads, and the digest notifications it writes into the outbox (one per agency and day). */
@Injectable()
export class DigestRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The digest's content for every agency that has officers to read it. */
  async inputs(date: string, nowMs: number, horizonMs: number): Promise<(DigestInput & { agency: string })[]> {
    const agencies: { code: string; name: string }[] = await this.dataSource.query(
      `SELECT DISTINCT a.code, a.name FROM agencies a JOIN agency_contacts c ON c.agency_code = a.code AND c.role = 'officer' AND c.email IS NOT NULL ORDER BY a.code`,
    );
    if (agencies.length === 0) return [];
    const codes = agencies.map((agency) => agency.code);
    const tasks: { agency: string; title: string; due_at: Date }[] = await this.dataSource.query(
      `SELECT lead_agency AS agency, title, due_at FROM tasks
       WHERE lead_agency = ANY($1) AND status = ANY($2) AND due_at <= $3 ORDER BY due_at, title`,
      [codes, OPEN_TASK_STATUSES, new Date(horizonMs)],
    );
    const rounds: { agency: string; title: string; due_text: string }[] = await this.dataSource.query(
      `SELECT p.agency, r.title, r.due_text FROM reporting_round_participants p JOIN reporting_rounds r ON r.id = p.round_id
       WHERE p.agency = ANY($1) AND r.status = 'open' AND p.status IN ('pending', 'late') ORDER BY r.due_at, r.title`,
      [codes],
    );
    return agencies.map((agency) => {
      const own = tasks.filter((task) => task.agency === agency.code).map((task) => ({ title: task.title, dueAt: task.due_at.toISOString() }));
      return {
        agency: agency.code,
        date,
        agencyName: agency.name,
        overdue: own.filter((task) => Date.parse(task.dueAt) <= nowMs),
        dueSoon: own.filter((task) => Date.parse(task.dueAt) > nowMs),
        roundsAwaiting: rounds.filter((round) => round.agency === agency.code).map((round) => ({ title: round.title, dueText: round.due_text })),
      };
    });
  }

  /** Writes one agency's digest of `date` into the outbox; a second run of the same day writes nothing. */
  async insert(date: string, agency: string, message: { title: string; body: string }, atMs: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO notifications (idempotency_key, recipient_agency, recipient_role, kind, title, body, created_at)
       VALUES ($1, $2, 'agency', $3, $4, $5, $6) ON CONFLICT (idempotency_key) DO NOTHING`,
      [`digest:${date}:${agency}`, agency, DIGEST_KIND, message.title, message.body, new Date(atMs)],
    );
  }
}

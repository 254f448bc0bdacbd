import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PlanDirectory } from '../../domain/src/plan';
import { searchPattern } from '../../domain/src/search';
import { primarySuccessorOn, type DatedAgency, type DatedGroup } from '../../domain/src/agency/reorganization';
import { COORDINATING_AGENCY_CODE } from '../../domain/src/agency/hanoi-directory';
import { localDateOfInstant } from '../../domain/src/calendar/local-date';

export interface AgencyRecord {
  code: string;
  name: string;
  kind: string;
  parentCode: string | null;
  groups: string[];
  validFrom: string | null;
  validTo: string | null;
  successorCode: string | null;
  successorCodes: string[];
  /** The agency coordinates the plans (compiles reports, accepts results): data since issue 11. */
  coordinates: boolean;
}

export interface AgencyGroupRecord {
  code: string;
  name: string;
  validFrom: string | null;
  validTo: string | null;
  /** Its members that exist today. */
  members: string[];
}

/** An agency is current until the end of its `valid_to` day, in Vietnam time. */
const TODAY = `(now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`;
const CURRENT = `((valid_from IS NULL OR valid_from <= ${TODAY}) AND (valid_to IS NULL OR valid_to >= ${TODAY}))`;
/** The agency (alias a) exists on the day $1. */
const VALID_ON_DAY = `((a.valid_from IS NULL OR a.valid_from <= $1::date) AND (a.valid_to IS NULL OR a.valid_to >= $1::date))`;

const AGENCY_COLUMNS = `a.code, a.name, a.kind, a.parent_code AS "parentCode",
             to_char(a.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(a.valid_to, 'YYYY-MM-DD') AS "validTo",
             a.successor_code AS "successorCode", a.successor_codes AS "successorCodes", a.coordinates,
             COALESCE(array_agg(m.group_code ORDER BY m.group_code) FILTER (WHERE m.group_code IS NOT NULL), '{}') AS groups`;

const GROUPS_WITH_MEMBERS = `
  SELECT g.code, g.name, to_char(g.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(g.valid_to, 'YYYY-MM-DD') AS "validTo",
         COALESCE(array_agg(a.code ORDER BY a.code) FILTER (WHERE a.code IS NOT NULL), '{}') AS members
  FROM agency_groups g LEFT JOIN agency_group_members m ON m.group_code = g.code
  LEFT JOIN agencies a ON a.code = m.agency_code AND (a.valid_from IS NULL OR a.valid_from <= ${TODAY}) AND (a.valid_to IS NULL OR a.valid_to >= ${TODAY})
  GROUP BY g.code ORDER BY g.code`;

/** The agency directory: agencies, their groups, and which codes are current. */
@Injectable()
export class AgencyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every agency with the groups it belongs to: committees first, districts last. */
  async list(): Promise<AgencyRecord[]> {
    return this.dataSource.query(`
      SELECT ${AGENCY_COLUMNS}
      FROM agencies a LEFT JOIN agency_group_members m ON m.agency_code = a.code
      GROUP BY a.code ORDER BY a.kind <> 'committee', a.kind = 'district', a.code`);
  }

  /** The directory of one day (YYYY-MM-DD): the agencies that existed that day (those whose code or name holds `q`, folded, when given). */
  async listAt(date: string, q?: string, options: { endedToo?: boolean } = {}): Promise<AgencyRecord[]> {
    const pattern = q ? searchPattern(q) : '';
    // Ended before the day: listed after the others, with their end date and successors.
    const ended = `(a.valid_to IS NOT NULL AND a.valid_to < $1::date)`;
    return this.dataSource.query(
      `
      SELECT ${AGENCY_COLUMNS}
      FROM agencies a LEFT JOIN agency_group_members m ON m.agency_code = a.code
      WHERE (${VALID_ON_DAY}${options.endedToo ? ` OR ${ended}` : ''}) ${pattern ? 'AND a.search_text LIKE $2' : ''}
      GROUP BY a.code ORDER BY ${ended}, a.kind <> 'committee', a.kind = 'district', a.code`,
      pattern ? [date, pattern] : [date],
    );
  }

  /** Every agency row with its dates and successors, as the reorganisation rules read the directory. */
  async dated(): Promise<DatedAgency[]> {
    return this.list();
  }

  /** Every group with its dates. */
  async datedGroups(): Promise<DatedGroup[]> {
    return this.dataSource.query(
      `SELECT code, name, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo" FROM agency_groups ORDER BY code`,
    );
  }

  /** The agency that coordinates today (SKHDT in the seed; its successor after a merge), or null. */
  async coordinatorCode(): Promise<string | null> {
    const rows: { code: string }[] = await this.dataSource.query(`SELECT code FROM agencies WHERE coordinates AND ${CURRENT} ORDER BY code LIMIT 1`);
    return rows[0]?.code ?? null;
  }

  /**
   * The agency that compiles and accepts for a plan: its reporting recipient, or the directory's
   * coordinating office — followed to the successor holding that work today when a reorganisation ended it.
   */
  async coordinatorFor(reportingRecipient: string | null): Promise<string> {
    const code = reportingRecipient ?? (await this.coordinatorCode()) ?? COORDINATING_AGENCY_CODE;
    return primarySuccessorOn(await this.dated(), code, localDateOfInstant(Date.now())) ?? code;
  }

  /** The agency `code` when it has ended: its last day and successors (for a 403 that names them). */
  async ended(code: string): Promise<{ validTo: string; successorCodes: string[] } | null> {
    const rows: { validTo: string; successorCodes: string[]; successorCode: string | null }[] = await this.dataSource.query(
      `SELECT to_char(valid_to, 'YYYY-MM-DD') AS "validTo", successor_codes AS "successorCodes", successor_code AS "successorCode"
       FROM agencies WHERE code = $1 AND valid_to IS NOT NULL AND valid_to < ${TODAY}`,
      [code],
    );
    const row = rows[0];
    if (!row) return null;
    return { validTo: row.validTo, successorCodes: row.successorCodes.length ? row.successorCodes : row.successorCode ? [row.successorCode] : [] };
  }

  /** The named groups (e.g. DISTRICTS, the 30 district committees) with their members. */
  async groups(): Promise<AgencyGroupRecord[]> {
    return this.dataSource.query(GROUPS_WITH_MEMBERS);
  }

  /** Those of `codes` that are current agencies of the directory. */
  async currentCodes(codes: readonly string[]): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const rows: { code: string }[] = await this.dataSource.query(`SELECT code FROM agencies WHERE code = ANY($1) AND ${CURRENT}`, [[...codes]]);
    return new Set(rows.map((row) => row.code));
  }

  /** The current directory, as plan validation checks codes against it. */
  async directory(): Promise<PlanDirectory> {
    const [agencies, groups] = await Promise.all([
      this.dataSource.query(`SELECT code FROM agencies WHERE ${CURRENT}`) as Promise<{ code: string }[]>,
      this.groups(),
    ]);
    return {
      agencies: new Set(agencies.map((agency) => agency.code)),
      groups: Object.fromEntries(groups.map((group) => [group.code, group.members])),
    };
  }

  /** Names of the given agencies (code → name); every agency's when `codes` is omitted. */
  async names(codes?: readonly string[]): Promise<Record<string, string>> {
    const rows: { code: string; name: string }[] = codes
      ? await this.dataSource.query(`SELECT code, name FROM agencies WHERE code = ANY($1)`, [[...new Set(codes)]])
      : await this.dataSource.query(`SELECT code, name FROM agencies`);
    return Object.fromEntries(rows.map((row) => [row.code, row.name]));
  }
}

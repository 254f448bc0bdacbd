import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PlanDirectory } from '../../domain/src/plan';
import { searchPattern } from '../../domain/src/search';

export interface AgencyRecord {
  code: string;
  name: string;
  kind: string;
  parentCode: string | null;
  groups: string[];
  validFrom: string | null;
  validTo: string | null;
  successorCode: string | null;
}

export interface AgencyGroupRecord {
  code: string;
  name: string;
  members: string[];
}

/** An agency is current until the end of its `valid_to` day, in Vietnam time. */
const CURRENT = `(valid_to IS NULL OR valid_to >= (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)`;

const GROUPS_WITH_MEMBERS = `
  SELECT g.code, g.name, COALESCE(array_agg(m.agency_code ORDER BY m.agency_code) FILTER (WHERE m.agency_code IS NOT NULL), '{}') AS members
  FROM agency_groups g LEFT JOIN agency_group_members m ON m.group_code = g.code
  GROUP BY g.code ORDER BY g.code`;

/** The agency directory: agencies, their groups, and which codes are current. */
@Injectable()
export class AgencyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every agency (or those whose code or name holds `q`, folded) with its groups: committees first, districts last. */
  async list(q?: string): Promise<AgencyRecord[]> {
    const pattern = q ? searchPattern(q) : '';
    return this.dataSource.query(
      `
      SELECT a.code, a.name, a.kind, a.parent_code AS "parentCode",
             to_char(a.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(a.valid_to, 'YYYY-MM-DD') AS "validTo",
             a.successor_code AS "successorCode",
             COALESCE(array_agg(m.group_code ORDER BY m.group_code) FILTER (WHERE m.group_code IS NOT NULL), '{}') AS groups
      FROM agencies a LEFT JOIN agency_group_members m ON m.agency_code = a.code
      ${pattern ? 'WHERE a.search_text LIKE $1' : ''}
      GROUP BY a.code ORDER BY a.kind <> 'committee', a.kind = 'district', a.code`,
      pattern ? [pattern] : [],
    );
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

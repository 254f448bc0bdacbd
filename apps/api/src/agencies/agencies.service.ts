import { Injectable } from '@nestjs/common';
import { validationFailed } from '@giaoviec/domain';
import { DataSource } from 'typeorm';

export interface AgencyView {
  code: string;
  name: string;
  kind: string;
  parentCode: string | null;
  groups: string[];
  validFrom: string | null;
  validTo: string | null;
  successorCode: string | null;
}

export interface AgencyGroupView {
  code: string;
  name: string;
  members: string[];
}

@Injectable()
export class AgenciesService {
  constructor(private readonly dataSource: DataSource) {}

  /** Every agency with the groups it belongs to. */
  async list(): Promise<AgencyView[]> {
    return this.dataSource.query(`
      SELECT a.code, a.name, a.kind, a.parent_code AS "parentCode",
             to_char(a.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(a.valid_to, 'YYYY-MM-DD') AS "validTo",
             a.successor_code AS "successorCode",
             COALESCE(array_agg(m.group_code ORDER BY m.group_code) FILTER (WHERE m.group_code IS NOT NULL), '{}') AS groups
      FROM agencies a LEFT JOIN agency_group_members m ON m.agency_code = a.code
      GROUP BY a.code ORDER BY a.kind <> 'committee', a.kind = 'district', a.code`);
  }

  /** The named groups (e.g. DISTRICTS, the 30 district committees) with their members. */
  async groups(): Promise<AgencyGroupView[]> {
    return this.dataSource.query(`
      SELECT g.code, g.name, COALESCE(array_agg(m.agency_code ORDER BY m.agency_code) FILTER (WHERE m.agency_code IS NOT NULL), '{}') AS members
      FROM agency_groups g LEFT JOIN agency_group_members m ON m.group_code = g.code
      GROUP BY g.code ORDER BY g.code`);
  }

  /** Refuses (400, naming `path`) any code that is not a current agency of the directory. */
  async requireExisting(codes: string | string[], path: string): Promise<void> {
    const list = Array.isArray(codes) ? codes : [codes];
    if (list.length === 0) return;
    const rows: { code: string }[] = await this.dataSource.query(
      `SELECT code FROM agencies WHERE code = ANY($1) AND (valid_to IS NULL OR valid_to >= (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)`,
      [list],
    );
    const known = new Set(rows.map((row) => row.code));
    const details = list
      .map((code, index) => ({ code, index }))
      .filter(({ code }) => !known.has(code))
      .map(({ code, index }) => ({
        path: Array.isArray(codes) ? `${path}[${index}]` : path,
        message: `không có cơ quan mã "${code}" trong danh bạ`,
      }));
    if (details.length) throw validationFailed(details, 'Cơ quan không tồn tại');
  }
}

import { Injectable } from '@nestjs/common';
import { isLocalDate, localDateOfInstant, validationFailed } from '@giaoviec/domain';
import { AgencyRepository, type AgencyGroupRecord, type AgencyRecord } from '@giaoviec/persistence';

export type AgencyView = AgencyRecord;
export type AgencyGroupView = AgencyGroupRecord;

@Injectable()
export class AgenciesService {
  constructor(private readonly agencies: AgencyRepository) {}

  /** The directory of a day (default today, in Vietnam time): each agency with its groups, dates and successors (those matching `q`, folded, when given). */
  list(at?: string, q?: string): Promise<AgencyView[]> {
    if (at !== undefined && !isLocalDate(at)) throw validationFailed([{ path: 'at', message: 'không phải là một ngày có thật' }]);
    return this.agencies.listAt(at ?? localDateOfInstant(Date.now()), q);
  }

  /**
   * What `GET /api/agencies` answers: the directory of `at`; without it, today's followed by the agencies a
   * reorganisation has ended (with `validTo` and their successors), so old tasks' agencies keep their names and
   * a reader sees where each went. Pickers offer only those without a past `validTo`.
   */
  directory(at?: string, q?: string): Promise<AgencyView[]> {
    if (at !== undefined) return this.list(at, q);
    return this.agencies.listAt(localDateOfInstant(Date.now()), q, { endedToo: true });
  }

  /** The agencies a reorganisation has ended (valid until a day before today), with their successors. */
  async former(): Promise<AgencyView[]> {
    const today = localDateOfInstant(Date.now());
    return (await this.agencies.list()).filter((agency) => agency.validTo !== null && agency.validTo < today);
  }

  /** The named groups (e.g. DISTRICTS, the 30 district committees) with their members. */
  groups(): Promise<AgencyGroupView[]> {
    return this.agencies.groups();
  }

  /** The coordinating office today (the directory says which; a merge moves the role to the successor). */
  coordinatorFor(reportingRecipient: string | null): Promise<string> {
    return this.agencies.coordinatorFor(reportingRecipient);
  }

  /** Refuses (400, naming `path`) any code that is not a current agency of the directory. */
  async requireExisting(codes: string | string[], path: string): Promise<void> {
    const list = Array.isArray(codes) ? codes : [codes];
    if (list.length === 0) return;
    const known = await this.agencies.currentCodes(list);
    const details = await Promise.all(
      list
        .map((code, index) => ({ code, index }))
        .filter(({ code }) => !known.has(code))
        .map(async ({ code, index }) => ({
          path: Array.isArray(codes) ? `${path}[${index}]` : path,
          message: await this.whyNotCurrent(code),
        })),
    );
    if (details.length) {
      throw validationFailed(details, 'Cơ quan không tồn tại');
    }
  }

  /** A code a reorganisation ended names its successors, so the caller knows which code to use now. */
  private async whyNotCurrent(code: string): Promise<string> {
    const ended = await this.agencies.ended(code);
    if (!ended) return `không có cơ quan mã "${code}" trong danh bạ`;
    const [year, month, day] = ended.validTo.split('-');
    return `cơ quan "${code}" không còn tồn tại từ sau ngày ${day}/${month}/${year}; cơ quan kế thừa: ${ended.successorCodes.join(', ') || 'không có'}`;
  }
}

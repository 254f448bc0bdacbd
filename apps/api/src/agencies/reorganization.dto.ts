import { AgencySearchQuery } from '../common/search.query';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsBoolean, IsOptional, Matches } from 'class-validator';
import { BooleanParam } from '../common/query-params';

/** The body of a reorganisation: its rules (libs/domain/src/agency/reorganization.ts) check every field, naming `changes[i]…`. */
export class ReorganizationBody {
  @ApiProperty({ example: '2025-07-01' })
  @Allow()
  effectiveDate!: string;

  @ApiProperty({ example: 'Sắp xếp đơn vị hành chính cấp xã' })
  @Allow()
  title!: string;

  @ApiPropertyOptional({ example: 'Nghị quyết số 1656/NQ-UBTVQH15' })
  @Allow()
  legalBasis?: string;

  @ApiPropertyOptional({ description: 'A moment of the effective date (ISO 8601) instead of its 00:00 Asia/Ho_Chi_Minh' })
  @Allow()
  effectiveAt?: string;

  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'create {code, name, agencyKind, groups?} | rename {code, name} | merge {from, into} | abolish {code, successors, openTasksTo}' })
  @Allow()
  changes!: unknown[];
}

export class ReorganizationQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @BooleanParam()
  @IsBoolean({ message: 'dryRun phải là true hoặc false' })
  dryRun?: boolean;
}

/** `GET /api/agencies?at=&q=`: the directory of a day, narrowed by code or name. */
export class DirectoryQuery extends AgencySearchQuery {
  @ApiPropertyOptional({ example: '2025-06-30' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'at phải là một ngày dạng YYYY-MM-DD' })
  at?: string;
}

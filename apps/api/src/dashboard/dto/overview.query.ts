import { ApiPropertyOptional } from '@nestjs/swagger';
import { DEFAULT_OVERDUE_LIMIT, MAX_OVERDUE_LIMIT } from '@giaoviec/domain';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { IntegerParam } from '../../common/query-params';

const LIMIT_MESSAGE = `limit phải là số nguyên từ 1 đến ${MAX_OVERDUE_LIMIT}`;

export class OverviewQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "One plan's tasks; every task when omitted" })
  @IsOptional()
  @IsUUID('all', { message: 'planId phải là UUID' })
  planId?: string;

  @ApiPropertyOptional({ default: DEFAULT_OVERDUE_LIMIT, minimum: 1, maximum: MAX_OVERDUE_LIMIT, description: 'Length of the overdue list' })
  @IsOptional()
  @IntegerParam()
  @IsInt({ message: LIMIT_MESSAGE })
  @Min(1, { message: LIMIT_MESSAGE })
  @Max(MAX_OVERDUE_LIMIT, { message: LIMIT_MESSAGE })
  limit: number = DEFAULT_OVERDUE_LIMIT;

  @ApiPropertyOptional({
    example: '2025-06-30',
    description: "Count the tasks assigned by the end of that day under the agencies that led them that day; default: every task under the agency holding it today",
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf phải là một ngày dạng YYYY-MM-DD' })
  asOf?: string;
}

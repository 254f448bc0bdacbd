import { ApiPropertyOptional } from '@nestjs/swagger';
import { TASK_CATEGORIES, TASK_STATUSES, type TaskCategory, type TaskStatus } from '@giaoviec/domain';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/page.query';
import { BooleanParam } from '../../common/query-params';
import { SearchText } from '../../common/search.query';

export class ListTasksQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'planId phải là UUID' })
  planId?: string;

  @ApiPropertyOptional({ description: 'Lead or coordinating agency code' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  agency?: string;

  @ApiPropertyOptional({ enum: TASK_STATUSES })
  @IsOptional()
  @IsIn(TASK_STATUSES as unknown as string[], { message: `status phải là một trong: ${TASK_STATUSES.join(', ')}` })
  status?: TaskStatus;

  @ApiPropertyOptional({ enum: TASK_CATEGORIES })
  @IsOptional()
  @IsIn(TASK_CATEGORIES as unknown as string[], { message: `category phải là một trong: ${TASK_CATEGORIES.join(', ')}` })
  category?: TaskCategory;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @BooleanParam()
  @IsBoolean({ message: 'overdue phải là true hoặc false' })
  overdue?: boolean;

  @SearchText('the reference, title or description')
  q?: string;
}

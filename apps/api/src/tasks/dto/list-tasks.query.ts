import { ApiPropertyOptional } from '@nestjs/swagger';
import { TASK_CATEGORIES, TASK_STATUSES, type TaskCategory, type TaskStatus } from '@giaoviec/domain';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

export class ListTasksQuery {
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
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'overdue phải là true hoặc false' })
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Text search in title and description' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page phải là số nguyên từ 1' })
  @Min(1, { message: 'page phải là số nguyên từ 1' })
  page: number = 1;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit phải là số nguyên từ 1 đến 200' })
  @Min(1, { message: 'limit phải là số nguyên từ 1 đến 200' })
  @Max(200, { message: 'limit phải là số nguyên từ 1 đến 200' })
  limit: number = 20;
}

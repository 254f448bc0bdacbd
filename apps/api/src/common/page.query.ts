import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IntegerParam } from './query-params';

/** `page` (from 1) and `limit` (1–200) of every paged list. */
export class PageQuery {
  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @IntegerParam()
  @IsInt({ message: 'page phải là số nguyên từ 1' })
  @Min(1, { message: 'page phải là số nguyên từ 1' })
  page: number = 1;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 200 })
  @IsOptional()
  @IntegerParam()
  @IsInt({ message: 'limit phải là số nguyên từ 1 đến 200' })
  @Min(1, { message: 'limit phải là số nguyên từ 1 đến 200' })
  @Max(200, { message: 'limit phải là số nguyên từ 1 đến 200' })
  limit: number = 20;
}

/** Paging of short lists that clients used to read whole (plans, reporting rounds): the first 200 unless asked. */
export class WholeListPageQuery extends PageQuery {
  @ApiPropertyOptional({ default: 200, minimum: 1, maximum: 200 })
  override limit: number = 200;
}

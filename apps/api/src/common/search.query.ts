import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { WholeListPageQuery } from './page.query';

/** The `q` of a list: text matched without diacritics and in any case (`xu ly tai san` finds "Xử lý tài sản"). */
export function SearchText(what: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description: `Text in ${what}, matched without diacritics and in any case (đ = d)`, maxLength: 200 }),
    IsOptional(),
    IsString({ message: 'q phải là chuỗi' }),
    MaxLength(200, { message: 'q dài tối đa 200 ký tự' }),
  );
}

/** `GET /api/agencies?q=`. */
export class AgencySearchQuery {
  @SearchText('the code or name')
  q?: string;
}

/** `GET /api/plans?q=&page=&limit=`. */
export class PlanListQuery extends WholeListPageQuery {
  @SearchText('the code, title or number')
  q?: string;
}

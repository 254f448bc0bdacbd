import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class ImportPlanQuery {
  @ApiPropertyOptional({
    example: 2026,
    description: 'Re-base the plan file (a template) to this year: every date moves, the code and title take the new year',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'year phải là số nguyên (năm), ví dụ 2026' })
  @Min(1900, { message: 'year phải từ 1900 đến 2200' })
  @Max(2200, { message: 'year phải từ 1900 đến 2200' })
  year?: number;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class DraftPlanQuery {
  @ApiPropertyOptional({ example: 2024, description: 'The plan year when the document does not state one' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'year phải là số nguyên (năm), ví dụ 2024' })
  @Min(1900, { message: 'year phải từ 1900 đến 2200' })
  @Max(2200, { message: 'year phải từ 1900 đến 2200' })
  year?: number;

  @ApiPropertyOptional({ example: 'HN-2024-KTTT-HTX', description: 'The code the drafted plan gets (default: from its year and title)' })
  @IsOptional()
  @Matches(/^[A-Z0-9]+(?:-[A-Z0-9]+)*$/, { message: 'code phải là chữ hoa, chữ số nối bằng "-", ví dụ HN-2024-KTTT-HTX' })
  code?: string;
}

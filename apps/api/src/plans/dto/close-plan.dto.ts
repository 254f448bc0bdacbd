import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class ClosePlanRequest {
  @ApiPropertyOptional({ example: 'Kế hoạch đã hoàn thành, đã tổng kết năm 2024' })
  @IsOptional()
  @IsString({ message: 'reason phải là chuỗi' })
  @MaxLength(10000)
  reason?: string;
}

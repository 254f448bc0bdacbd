import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class ProgressRequest {
  @ApiProperty({ minimum: 0, maximum: 100, example: 40 })
  @IsInt({ message: 'percent phải là số nguyên' })
  @Min(0, { message: 'percent phải từ 0 đến 100' })
  @Max(100, { message: 'percent phải từ 0 đến 100' })
  percent!: number;

  @ApiProperty({ example: 'Đã rà soát 12/30 HTX giải thể' })
  @IsString({ message: 'note phải là chuỗi' })
  @IsNotEmpty({ message: 'note là bắt buộc' })
  @MaxLength(10000)
  note!: string;
}

export class SubmitRequest {
  @ApiProperty({ example: 'Đã xử lý xong tài sản, công nợ của 30 HTX giải thể' })
  @IsString({ message: 'summary phải là chuỗi' })
  @IsNotEmpty({ message: 'summary là bắt buộc' })
  @MaxLength(20000)
  summary!: string;

  @ApiPropertyOptional({ description: 'Link or reference to the evidence' })
  @IsOptional()
  @IsString({ message: 'evidence phải là chuỗi' })
  @MaxLength(2000)
  evidence?: string;
}

export class AcceptRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'note phải là chuỗi' })
  @MaxLength(10000)
  note?: string;
}

export class ReasonRequest {
  @ApiProperty({ example: 'Báo cáo chưa có số liệu của 5 HTX' })
  @IsString({ message: 'reason phải là chuỗi' })
  @IsNotEmpty({ message: 'reason là bắt buộc' })
  @MaxLength(10000)
  reason!: string;
}

export class OptionalReasonRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'reason phải là chuỗi' })
  @MaxLength(10000)
  reason?: string;
}

export class ExtensionRequestBody {
  @ApiProperty({ example: '2026-12-20T00:00:00+07:00' })
  @IsISO8601({ strict: true }, { message: 'newDueAt phải là thời điểm ISO 8601, ví dụ 2026-12-20T00:00:00+07:00' })
  newDueAt!: string;

  @ApiProperty({ example: 'Chờ số liệu quyết toán của 5 HTX' })
  @IsString({ message: 'reason phải là chuỗi' })
  @IsNotEmpty({ message: 'reason là bắt buộc' })
  @MaxLength(10000)
  reason!: string;
}

export class ReassignRequest {
  @ApiProperty({ example: 'SCT', description: 'Agency code of the new lead agency' })
  @IsString({ message: 'agency phải là mã cơ quan' })
  @IsNotEmpty({ message: 'agency là bắt buộc' })
  agency!: string;

  @ApiProperty({ example: 'Thuộc chức năng của Sở Công Thương' })
  @IsString({ message: 'reason phải là chuỗi' })
  @IsNotEmpty({ message: 'reason là bắt buộc' })
  @MaxLength(10000)
  reason!: string;
}

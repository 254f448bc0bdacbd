import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsISO8601, IsIn, IsNotEmpty, IsNumber, IsObject, IsOptional, IsString, IsUrl, Matches, MaxLength, ValidateNested } from 'class-validator';

export class CreateReportingRoundRequest {
  @ApiProperty({ example: '2026-12-10T00:00:00+07:00', description: 'The deadline ("trước ngày 10/12/2026" is 00:00 of 10/12)' })
  @IsISO8601({ strict: true }, { message: 'dueAt phải là thời điểm ISO 8601, ví dụ 2026-12-10T00:00:00+07:00' })
  dueAt!: string;

  @ApiPropertyOptional({
    example: ['STC', 'DISTRICTS'],
    description: "Agency or group codes (groups expanded). Default: every lead agency of the plan's tasks after fan-out, every agency reporting an indicator, and the plan's reporting participants",
  })
  @IsOptional()
  @IsArray({ message: 'participants phải là danh sách mã cơ quan hoặc nhóm' })
  @ArrayMinSize(1, { message: 'participants phải có ít nhất một cơ quan' })
  @ArrayMaxSize(1000)
  @ArrayUnique({ message: 'participants có mã trùng lặp' })
  @IsString({ each: true, message: 'participants phải là danh sách mã cơ quan hoặc nhóm' })
  participants?: string[];

  @ApiPropertyOptional({ description: 'Round policy override: {remindBefore, escalateAfter} (offsets as in DESIGN.md §4)' })
  @IsOptional()
  @IsObject({ message: 'policy phải là một đối tượng' })
  policy?: Record<string, unknown>;
}

export class IndicatorActualRequest {
  @ApiProperty({ example: 'HTX-THANH-LAP-MOI' })
  @IsString({ message: 'indicator phải là mã chỉ tiêu' })
  @IsNotEmpty({ message: 'indicator là bắt buộc' })
  @MaxLength(128)
  indicator!: string;

  @ApiProperty({ example: 4 })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'value phải là một số' })
  value!: number;
}

export class AttachmentRequest {
  @ApiProperty({ example: 'Báo cáo số 215/BC-UBND ngày 05/12/2026' })
  @IsString({ message: 'name phải là chuỗi' })
  @Matches(/\S/, { message: 'name là bắt buộc' })
  @MaxLength(500)
  name!: string;

  @ApiPropertyOptional({ example: 'https://vanban.hanoi.gov.vn/215-BC-UBND.pdf' })
  @IsOptional()
  @IsString({ message: 'url phải là chuỗi' })
  @MaxLength(2000)
  // Only web links: a `javascript:` or `file:` URL would be a trap for whoever opens the report.
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'url phải là đường dẫn http(s)://' })
  url?: string;
}

export class SubmitRoundReportRequest {
  @ApiProperty({ example: 'Năm 2026, quận đã hướng dẫn thành lập mới 4 HTX; ...' })
  @IsString({ message: 'content phải là chuỗi' })
  @Matches(/\S/, { message: 'content là bắt buộc' })
  @MaxLength(50_000, { message: 'content tối đa 50000 ký tự' })
  content!: string;

  @ApiProperty({ type: [IndicatorActualRequest], description: "Actuals of the plan's indicators this agency reports ([] when none)" })
  @IsArray({ message: 'indicatorActuals phải là danh sách {indicator, value}' })
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => IndicatorActualRequest)
  indicatorActuals!: IndicatorActualRequest[];

  @ApiPropertyOptional({ type: [AttachmentRequest] })
  @IsOptional()
  @IsArray({ message: 'attachments phải là danh sách {name, url?}' })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AttachmentRequest)
  attachments?: AttachmentRequest[];
}

export class CloseRoundRequest {
  @ApiPropertyOptional({ example: 'Đã tổng hợp, báo cáo UBND Thành phố' })
  @IsOptional()
  @IsString({ message: 'note phải là chuỗi' })
  @MaxLength(10000)
  note?: string;
}

export const SUMMARY_FORMATS = ['json', 'xlsx', 'docx'] as const;
export type SummaryFormat = (typeof SUMMARY_FORMATS)[number];

export class SummaryQuery {
  @ApiPropertyOptional({ enum: SUMMARY_FORMATS, description: 'Overrides Accept (for download links)' })
  @IsOptional()
  @IsIn(SUMMARY_FORMATS, { message: 'format phải là json, xlsx hoặc docx' })
  format?: SummaryFormat;

  @ApiPropertyOptional({
    example: '2025-06-30',
    description: 'Task statistics of the tasks assigned by the end of that day under the agencies that led them then; default: under the agencies holding them today',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf phải là một ngày dạng YYYY-MM-DD' })
  asOf?: string;
}

export class RoundReportsQuery {
  @ApiPropertyOptional({ example: 'UBND-BA-DINH', description: 'Only this agency (an agency always sees only its own)' })
  @IsOptional()
  @IsString({ message: 'agency phải là mã cơ quan' })
  agency?: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';

export class CreateTaskRequest {
  @ApiProperty({ example: 'Xử lý tài sản, công nợ của các HTX giải thể' })
  @IsString({ message: 'title phải là chuỗi' })
  @IsNotEmpty({ message: 'title là bắt buộc' })
  @MaxLength(500, { message: 'title tối đa 500 ký tự' })
  title!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'description phải là chuỗi' })
  @MaxLength(20000, { message: 'description tối đa 20000 ký tự' })
  description?: string;

  @ApiProperty({ example: 'STC', description: 'Agency code of the lead agency (chủ trì)' })
  @IsString({ message: 'leadAgency phải là mã cơ quan' })
  @IsNotEmpty({ message: 'leadAgency là bắt buộc' })
  leadAgency!: string;

  @ApiPropertyOptional({ example: ['CT-HN'], description: 'Coordinating agencies (phối hợp)' })
  @IsOptional()
  @IsArray({ message: 'coordinatingAgencies phải là danh sách mã cơ quan' })
  @ArrayMaxSize(100)
  @ArrayUnique({ message: 'coordinatingAgencies có mã cơ quan trùng lặp' })
  @IsString({ each: true, message: 'coordinatingAgencies phải là danh sách mã cơ quan' })
  coordinatingAgencies?: string[];

  @ApiProperty({ example: '2026-12-10T00:00:00+07:00' })
  @IsISO8601({ strict: true }, { message: 'dueAt phải là thời điểm ISO 8601, ví dụ 2026-12-10T00:00:00+07:00' })
  dueAt!: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'planId phải là UUID' })
  planId?: string;

  @ApiPropertyOptional({ description: 'Policy override (see DESIGN.md §4)' })
  @IsOptional()
  @IsObject({ message: 'policy phải là một đối tượng' })
  policy?: Record<string, unknown>;
}

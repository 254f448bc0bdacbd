import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { ROLES, type Role } from '@giaoviec/domain';

export class DevTokenRequest {
  @ApiProperty({ example: 'stc.chuyenvien' })
  @IsString({ message: 'sub phải là chuỗi' })
  @IsNotEmpty({ message: 'sub là bắt buộc' })
  @MaxLength(128)
  sub!: string;

  @ApiPropertyOptional({ example: 'Nguyễn Văn A' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES as unknown as string[], { message: `role phải là một trong: ${ROLES.join(', ')}` })
  role!: Role;

  @ApiPropertyOptional({ example: 'STC', description: 'Agency code; required for role agency' })
  @ValidateIf((request: DevTokenRequest) => request.role === 'agency' || request.agency !== undefined)
  @IsString({ message: 'agency là bắt buộc với vai trò agency' })
  @IsNotEmpty({ message: 'agency là bắt buộc với vai trò agency' })
  agency?: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { ROLES, type Role } from '@giaoviec/domain';
import { AUDIT_ACTIONS, type AuditAction } from '@giaoviec/persistence';
import { PageQuery } from '../../common/page.query';

export const PASSWORD_MIN_LENGTH = 10;
const PASSWORD_MAX_LENGTH = 256;
const PASSWORD_MESSAGE = `password phải dài từ ${PASSWORD_MIN_LENGTH} đến ${PASSWORD_MAX_LENGTH} ký tự`;
const ROLE_MESSAGE = `role phải là một trong: ${ROLES.join(', ')}`;

export class CreateUserRequest {
  @ApiProperty({ example: 'cv.stc@hanoi.gov.vn' })
  @IsEmail({}, { message: 'email phải là địa chỉ e-mail hợp lệ' })
  @MaxLength(254, { message: 'email dài tối đa 254 ký tự' })
  email!: string;

  @ApiProperty({ example: 'Nguyễn Văn A' })
  @IsString({ message: 'name phải là chuỗi' })
  @IsNotEmpty({ message: 'name là bắt buộc' })
  @MaxLength(200, { message: 'name dài tối đa 200 ký tự' })
  name!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES as unknown as string[], { message: ROLE_MESSAGE })
  role!: Role;

  @ApiPropertyOptional({ example: 'STC', description: 'Agency code; required for role agency' })
  @ValidateIf((request: CreateUserRequest) => request.role === 'agency' || request.agency !== undefined)
  @IsString({ message: 'agency là bắt buộc với vai trò agency' })
  @IsNotEmpty({ message: 'agency là bắt buộc với vai trò agency' })
  @MaxLength(64)
  agency?: string;

  @ApiPropertyOptional({ description: `Built-in sign-in; ${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters. Without it the account cannot sign in with a password.` })
  @IsOptional()
  @IsString({ message: PASSWORD_MESSAGE })
  @MinLength(PASSWORD_MIN_LENGTH, { message: PASSWORD_MESSAGE })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: PASSWORD_MESSAGE })
  password?: string;
}

export class UpdateUserRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'name phải là chuỗi' })
  @IsNotEmpty({ message: 'name không được để trống' })
  @MaxLength(200, { message: 'name dài tối đa 200 ký tự' })
  name?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES as unknown as string[], { message: ROLE_MESSAGE })
  role?: Role;

  @ApiPropertyOptional({ nullable: true, description: 'Agency code; null removes it (not for role agency)' })
  @IsOptional()
  @IsString({ message: 'agency phải là mã cơ quan' })
  @IsNotEmpty({ message: 'agency phải là mã cơ quan' })
  @MaxLength(64)
  agency?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: PASSWORD_MESSAGE })
  @MinLength(PASSWORD_MIN_LENGTH, { message: PASSWORD_MESSAGE })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: PASSWORD_MESSAGE })
  password?: string;

  @ApiPropertyOptional({ description: 'false deactivates the account: it can no longer sign in and its tokens stop working at once' })
  @IsOptional()
  @IsBoolean({ message: 'active phải là true hoặc false' })
  active?: boolean;
}

export class SignInRequest {
  @ApiProperty({ example: 'cv.stc@hanoi.gov.vn' })
  @IsString({ message: 'email là bắt buộc' })
  @IsNotEmpty({ message: 'email là bắt buộc' })
  @MaxLength(254, { message: 'email dài tối đa 254 ký tự' })
  email!: string;

  @ApiProperty()
  @IsString({ message: 'password là bắt buộc' })
  @IsNotEmpty({ message: 'password là bắt buộc' })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: PASSWORD_MESSAGE })
  password!: string;
}

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS as unknown as string[], { message: `action phải là một trong: ${AUDIT_ACTIONS.join(', ')}` })
  action?: AuditAction;
}

export class PasswordResetRequest {
  @ApiProperty({ example: 'cv.stc@hanoi.gov.vn' })
  @IsString({ message: 'email là bắt buộc' })
  @IsNotEmpty({ message: 'email là bắt buộc' })
  @MaxLength(254, { message: 'email dài tối đa 254 ký tự' })
  email!: string;
}

export class PasswordResetConfirmRequest {
  @ApiProperty({ description: 'The token of the reset link (`ma=` in the link)' })
  @IsString({ message: 'token là bắt buộc' })
  @IsNotEmpty({ message: 'token là bắt buộc' })
  @MaxLength(200, { message: 'token không hợp lệ' })
  token!: string;

  @ApiProperty({ description: `The new password, ${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters` })
  @IsString({ message: PASSWORD_MESSAGE })
  @MinLength(PASSWORD_MIN_LENGTH, { message: PASSWORD_MESSAGE })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: PASSWORD_MESSAGE })
  password!: string;
}

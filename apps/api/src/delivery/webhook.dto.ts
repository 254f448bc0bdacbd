import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, IsUrl, Matches, MaxLength, MinLength } from 'class-validator';

export class CreateWebhookRequest {
  @ApiProperty({ example: 'https://eoffice.hanoi.gov.vn/hooks/giaoviec' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url phải là địa chỉ http:// hoặc https://' })
  @MaxLength(2000, { message: 'url tối đa 2000 ký tự' })
  url!: string;

  @ApiProperty({ example: ['reminder', 'escalated'], description: 'notification kinds, or ["*"] for all' })
  @IsArray({ message: 'events phải là mảng các loại thông báo, hoặc ["*"]' })
  @ArrayMinSize(1, { message: 'events cần ít nhất một loại thông báo, hoặc ["*"]' })
  @ArrayMaxSize(50, { message: 'events tối đa 50 loại' })
  @IsString({ each: true, message: 'events chỉ gồm tên loại thông báo' })
  @Matches(/^(\*|[a-z][a-z_]{0,47})$/, { each: true, message: 'mỗi phần tử của events là tên loại thông báo (vd. reminder) hoặc "*"' })
  events!: string[];

  @ApiProperty({ description: 'shared secret for X-Giaoviec-Signature (HMAC-SHA256), at least 16 characters' })
  @IsString({ message: 'secret là bắt buộc' })
  @MinLength(16, { message: 'secret phải có ít nhất 16 ký tự' })
  @MaxLength(512, { message: 'secret tối đa 512 ký tự' })
  secret!: string;
}

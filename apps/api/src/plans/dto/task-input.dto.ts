import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class TaskInputRequest {
  @ApiProperty({ example: 'Liên minh HTX đã rà soát 12 HTX giải thể, đề nghị Sở Tài chính xử lý trước công nợ của 5 HTX.' })
  @IsString({ message: 'note phải là chuỗi' })
  @IsNotEmpty({ message: 'note là bắt buộc' })
  @MaxLength(10000, { message: 'note tối đa 10000 ký tự' })
  note!: string;
}

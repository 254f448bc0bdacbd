import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LUNAR_MAX_YEAR, LUNAR_MIN_YEAR, tryParseLocalDate } from '@giaoviec/domain';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateBy, type ValidationOptions } from 'class-validator';
import { IntegerParam } from '../../common/query-params';

/** The longest count `add-working-days` accepts (about 20 years), so one request stays cheap. */
export const MAX_WORKING_DAY_COUNT = 5000;

const YEAR_MESSAGE = `year phải là số nguyên từ ${LUNAR_MIN_YEAR} đến ${LUNAR_MAX_YEAR}`;

/** An existing calendar day `YYYY-MM-DD` in the years the holiday calendar knows (1900–2100). */
function IsCalendarDate(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => {
          const parts = tryParseLocalDate(value);
          return parts !== null && parts.year >= LUNAR_MIN_YEAR && parts.year <= LUNAR_MAX_YEAR;
        },
      },
    },
    options,
  );
}

const dateMessage = (field: string) =>
  `${field} phải là một ngày có thật dạng YYYY-MM-DD, trong các năm ${LUNAR_MIN_YEAR}–${LUNAR_MAX_YEAR}`;

export class YearQuery {
  @ApiProperty({ example: 2025, minimum: LUNAR_MIN_YEAR, maximum: LUNAR_MAX_YEAR })
  @IntegerParam()
  @IsInt({ message: YEAR_MESSAGE })
  @Min(LUNAR_MIN_YEAR, { message: YEAR_MESSAGE })
  @Max(LUNAR_MAX_YEAR, { message: YEAR_MESSAGE })
  year!: number;
}

export class OptionalYearQuery {
  @ApiPropertyOptional({ example: 2025, minimum: LUNAR_MIN_YEAR, maximum: LUNAR_MAX_YEAR, description: 'Every year when omitted' })
  @IsOptional()
  @IntegerParam()
  @IsInt({ message: YEAR_MESSAGE })
  @Min(LUNAR_MIN_YEAR, { message: YEAR_MESSAGE })
  @Max(LUNAR_MAX_YEAR, { message: YEAR_MESSAGE })
  year?: number;
}

export class AddWorkingDaysQuery {
  @ApiProperty({ example: '2025-01-24', description: 'A calendar day, YYYY-MM-DD (not counted itself)' })
  @IsCalendarDate({ message: dateMessage('from') })
  from!: string;

  @ApiProperty({ example: 5, description: 'Working days after `from`; negative counts back; 0: `from` if it is a working day, else the next one' })
  @IntegerParam()
  @IsInt({ message: `days phải là số nguyên từ -${MAX_WORKING_DAY_COUNT} đến ${MAX_WORKING_DAY_COUNT}` })
  @Min(-MAX_WORKING_DAY_COUNT, { message: `days phải là số nguyên từ -${MAX_WORKING_DAY_COUNT} đến ${MAX_WORKING_DAY_COUNT}` })
  @Max(MAX_WORKING_DAY_COUNT, { message: `days phải là số nguyên từ -${MAX_WORKING_DAY_COUNT} đến ${MAX_WORKING_DAY_COUNT}` })
  days!: number;
}

export class OverrideDateParam {
  @ApiProperty({ example: '2025-05-02' })
  @IsCalendarDate({ message: dateMessage('date') })
  date!: string;
}

export class PutOverrideRequest {
  @ApiProperty({ enum: ['day_off', 'working_day'], description: 'day_off: a day not worked (nghỉ bù); working_day: a day worked (làm bù)' })
  @IsIn(['day_off', 'working_day'], { message: 'kind phải là "day_off" hoặc "working_day"' })
  kind!: 'day_off' | 'working_day';

  @ApiPropertyOptional({ example: 'Nghỉ bù theo Thông báo 6150/TB-BLĐTBXH', description: 'Shown in the holiday list' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'name phải là chuỗi' })
  @IsNotEmpty({ message: 'name không được để trống (bỏ trường này để dùng tên mặc định)' })
  @MaxLength(200, { message: 'name tối đa 200 ký tự' })
  name?: string;
}

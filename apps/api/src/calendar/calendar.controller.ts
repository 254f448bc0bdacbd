import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { CalendarService } from './calendar.service';
import { AddWorkingDaysQuery, OptionalYearQuery, OverrideDateParam, PutOverrideRequest, YearQuery } from './dto/calendar.dto';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('holidays')
  @ApiOperation({ summary: 'Days off of a year: [{date, name, kind}], holidays, compensatory days and admin days off' })
  holidays(@Query() query: YearQuery) {
    return this.calendar.holidays(query.year);
  }

  @Get('working-days')
  @ApiOperation({ summary: 'Days of a year worked although otherwise off (làm bù): [{date, name}]' })
  workingDays(@Query() query: YearQuery) {
    return this.calendar.workingDays(query.year);
  }

  @Get('add-working-days')
  @ApiOperation({ summary: '{date}: the working day `days` working days after `from` (negative counts back)' })
  addWorkingDays(@Query() query: AddWorkingDaysQuery) {
    return this.calendar.addWorkingDays(query.from, query.days);
  }

  @Get('overrides')
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: "The admin's overrides (official swaps), with who set them and when" })
  listOverrides(@Query() query: OptionalYearQuery) {
    return this.calendar.listOverrides(query.year);
  }

  @Put('overrides/:date')
  @Roles('admin')
  @ApiOperation({ summary: 'Mark a date as day off or working day (idempotent)' })
  setOverride(@CurrentUser() user: AuthUser, @Param() params: OverrideDateParam, @Body() body: PutOverrideRequest) {
    return this.calendar.setOverride(user, params.date, body);
  }

  @Delete('overrides/:date')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: "Remove a date's override (404 when it has none)" })
  async removeOverride(@Param() params: OverrideDateParam): Promise<void> {
    await this.calendar.removeOverride(params.date);
  }
}

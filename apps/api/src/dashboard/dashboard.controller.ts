import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { DashboardService } from './dashboard.service';
import { OverviewQuery } from './dto/overview.query';

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get('overview')
  @Roles('coordinator', 'leader')
  @ApiOperation({ summary: 'Counts by category, overall and per lead agency; the overdue list, most overdue first' })
  overview(@Query() query: OverviewQuery) {
    return this.dashboard.overview(query);
  }
}

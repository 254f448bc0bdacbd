import { Module } from '@nestjs/common';
import { DashboardModule } from '../dashboard/dashboard.module';
import { ReportSummaryService } from './report-summary.service';
import { ReportingRoundCommandService } from './reporting-round-command.service';
import { ReportingRoundReadService } from './reporting-round-read.service';
import { PlanReportingRoundsController, ReportingRoundsController } from './reporting-rounds.controller';

/** Reporting rounds (issue 5): opening, reports and amendments, closing, and the consolidated report. */
@Module({
  imports: [DashboardModule],
  controllers: [PlanReportingRoundsController, ReportingRoundsController],
  providers: [ReportingRoundCommandService, ReportingRoundReadService, ReportSummaryService],
})
export class ReportingModule {}

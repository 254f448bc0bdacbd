import { Body, Controller, Get, Headers, HttpCode, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RouteId } from '../common/route-ids';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { WholeListPageQuery } from '../common/page.query';
import {
  CloseRoundRequest,
  CreateReportingRoundRequest,
  RoundReportsQuery,
  SubmitRoundReportRequest,
  SummaryQuery,
} from './dto/reporting-round.dto';
import { ReportSummaryService } from './report-summary.service';
import { ReportingRoundCommandService } from './reporting-round-command.service';
import { ReportingRoundReadService } from './reporting-round-read.service';
import { SUMMARY_MEDIA_TYPES, chooseSummaryFormat } from './summary-format';

@ApiTags('reporting rounds')
@ApiBearerAuth()
@Controller('plans/:planId/reporting-rounds')
export class PlanReportingRoundsController {
  constructor(
    private readonly commands: ReportingRoundCommandService,
    private readonly reads: ReportingRoundReadService,
  ) {}

  @Post()
  @Roles('coordinator')
  @ApiOperation({ summary: 'Open a reporting round of the plan {dueAt, participants?, policy?}; participants default to its lead agencies and indicator reporters' })
  open(@CurrentUser() user: AuthUser, @RouteId('plan', 'planId') planId: string, @Body() body: CreateReportingRoundRequest) {
    return this.commands.open(user, planId, body);
  }

  @Get()
  @Roles('coordinator', 'leader')
  @ApiOperation({ summary: "The plan's reporting rounds, latest deadline first (the plan's own round is opened when it is issued)" })
  list(@RouteId('plan', 'planId') planId: string, @Query() query: WholeListPageQuery) {
    return this.reads.listForPlan(planId, query);
  }
}

@ApiTags('reporting rounds')
@ApiBearerAuth()
@Controller('reporting-rounds')
export class ReportingRoundsController {
  constructor(
    private readonly commands: ReportingRoundCommandService,
    private readonly reads: ReportingRoundReadService,
    private readonly summaries: ReportSummaryService,
  ) {}

  @Get()
  @Roles('coordinator', 'leader', 'agency')
  @ApiOperation({ summary: 'Rounds the user may see (an agency: those it reports in)' })
  list(@CurrentUser() user: AuthUser, @Query() query: WholeListPageQuery) {
    return this.reads.listVisible(user, query);
  }

  @Get(':id')
  @Roles('coordinator', 'leader', 'agency')
  @ApiOperation({ summary: 'One round: due date, status, escalation, who has reported and who is late (404 to a non-participant agency)' })
  get(@CurrentUser() user: AuthUser, @RouteId('reportingRound') id: string) {
    return this.reads.getVisible(user, id);
  }

  @Post(':id/reports')
  @Roles('agency')
  @ApiOperation({ summary: "A participant's report {content, indicatorActuals, attachments?}; again to amend it until the round is closed" })
  submit(@CurrentUser() user: AuthUser, @RouteId('reportingRound') id: string, @Body() body: SubmitRoundReportRequest) {
    return this.commands.submit(user, id, body);
  }

  @Get(':id/reports')
  @Roles('coordinator', 'leader', 'agency')
  @ApiOperation({ summary: 'Every version of the reports (an agency: its own)' })
  reports(@CurrentUser() user: AuthUser, @RouteId('reportingRound') id: string, @Query() query: RoundReportsQuery) {
    return this.reads.reports(user, id, query.agency);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({ summary: 'Close the round (the consolidated report has gone to the People’s Committee): it accepts nothing more' })
  close(@CurrentUser() user: AuthUser, @RouteId('reportingRound') id: string, @Body() body: CloseRoundRequest) {
    return this.commands.close(user, id, body.note);
  }

  @Get(':id/summary')
  @Roles('coordinator', 'leader')
  @ApiProduces(SUMMARY_MEDIA_TYPES.json, SUMMARY_MEDIA_TYPES.xlsx, SUMMARY_MEDIA_TYPES.docx)
  @ApiOperation({ summary: 'The consolidated report: Accept (or ?format=json|xlsx|docx) picks JSON, .xlsx or .docx; ?asOf= counts tasks under the agencies of that day' })
  async summary(
    @CurrentUser() user: AuthUser,
    @RouteId('reportingRound') id: string,
    @Query() query: SummaryQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const download = await this.summaries.download(user, id, chooseSummaryFormat(accept, query.format), query.asOf);
    response.setHeader('Vary', 'Accept');
    if (download.format === 'json') return download.report;
    response.setHeader('Content-Type', download.contentType);
    response.setHeader('Content-Disposition', `attachment; filename="${download.fileName}"`);
    return new StreamableFile(download.body);
  }
}

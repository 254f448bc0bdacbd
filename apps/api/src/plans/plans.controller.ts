import { Body, Controller, Get, Headers, HttpCode, Post, Query, Req, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { MAX_DOCUMENT_BYTES } from '@giaoviec/documents';
import type { Request } from 'express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { planJsonSchema } from '@giaoviec/domain';
import { RouteId } from '../common/route-ids';
import { CurrentUser, Public, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { PlanListQuery } from '../common/search.query';
import { ClosePlanRequest } from './dto/close-plan.dto';
import { DraftPlanQuery } from './dto/draft-plan.query';
import { ImportPlanQuery } from './dto/import-plan.query';
import { PlanCloseService } from './plan-close.service';
import { PlanDraftService, type PlanDocumentInput } from './plan-draft.service';
import { PlanImportService } from './plan-import.service';
import { PlanIssueService } from './plan-issue.service';
import { PlanReadService } from './plan-read.service';

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
export class PlansController {
  constructor(
    private readonly imports: PlanImportService,
    private readonly issues: PlanIssueService,
    private readonly reads: PlanReadService,
    private readonly drafts: PlanDraftService,
    private readonly closing: PlanCloseService,
  ) {}

  @Post('drafts')
  @Roles('coordinator')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1 } }))
  @ApiOperation({ summary: 'Draft a plan file from a document (.docx, PDF or text): the plan, each item’s source passage and confidence, warnings' })
  @ApiConsumes('multipart/form-data', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/pdf', 'text/plain', 'application/json')
  draft(
    @Req() request: Request,
    @Headers('content-type') contentType: string | undefined,
    @UploadedFile() file: PlanDocumentInput['file'],
    @Body() body: unknown,
    @Query() query: DraftPlanQuery,
  ) {
    return this.drafts.draft({ contentType, file, body, stream: request }, query);
  }

  @Post()
  @Roles('coordinator')
  @ApiOperation({ summary: 'Import a plan file (JSON, or YAML with Content-Type: application/yaml); ?year= re-bases it' })
  @ApiConsumes('application/json', 'application/yaml')
  @ApiBody({ description: 'A plan file; its JSON Schema is GET /api/plans/schema', schema: { type: 'object' } })
  import(
    @CurrentUser() user: AuthUser,
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Query() query: ImportPlanQuery,
  ) {
    return this.imports.import(user, body, contentType, query.year);
  }

  @Get()
  @Roles('coordinator', 'leader')
  @ApiOperation({ summary: 'Imported plans with their counts, newest first; q, page, limit (default 200)' })
  list(@Query() query: PlanListQuery) {
    return this.reads.list(query, query.q);
  }

  @Get('schema')
  @Public()
  @ApiOperation({ summary: 'The JSON Schema of the plan-file format' })
  schema() {
    return planJsonSchema();
  }

  @Get(':id')
  @Roles('coordinator', 'leader')
  @ApiOperation({ summary: 'One plan with its tasks (group tasks aggregated over their children) and indicators' })
  get(@RouteId('plan') id: string) {
    return this.reads.get(id);
  }

  @Get(':id/indicators')
  @Roles('coordinator', 'leader')
  @ApiOperation({ summary: "The plan's indicators: target, aggregated actual (null before any report), met or not" })
  async indicators(@RouteId('plan') id: string) {
    await this.reads.findPlan(id);
    return this.reads.indicators(id);
  }

  @Post(':id/issue')
  @HttpCode(202)
  @Roles('coordinator')
  @ApiOperation({ summary: "Start every task's workflow (one per member agency of a group); idempotent" })
  issue(@CurrentUser() user: AuthUser, @RouteId('plan') id: string) {
    return this.issues.issue(user, id);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({ summary: 'Close the plan: its periodic reporting rounds stop opening and it is not issued again; idempotent' })
  close(@CurrentUser() user: AuthUser, @RouteId('plan') id: string, @Body() body: ClosePlanRequest) {
    return this.closing.close(user, id, body.reason);
  }
}

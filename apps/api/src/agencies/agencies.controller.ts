import { Body, Controller, Delete, Get, HttpStatus, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { RouteId } from '../common/route-ids';
import type { AuthUser } from '../auth/auth.types';
import { AgenciesService } from './agencies.service';
import { DirectoryQuery, ReorganizationBody, ReorganizationQuery } from './reorganization.dto';
import { reorganizationBodyOf } from './reorganization-body';
import { ReorganizationsService } from './reorganizations.service';

@ApiTags('agencies')
@ApiBearerAuth()
@Controller('agencies')
export class AgenciesController {
  constructor(
    private readonly agencies: AgenciesService,
    private readonly reorganizations: ReorganizationsService,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'The agency directory of a day (?at=YYYY-MM-DD): code, name, kind, groups, validFrom/validTo, successors; without at, today\'s followed by the agencies that have ended (validTo in the past, successorCode, successorCodes); q narrows by code or name',
  })
  list(@Query() query: DirectoryQuery) {
    return this.agencies.directory(query.at, query.q);
  }

  @Get('groups')
  @ApiOperation({ summary: 'The agency groups (e.g. DISTRICTS) with their members of today, and their dates' })
  groups() {
    return this.agencies.groups();
  }

  @Get('reorganizations')
  @ApiOperation({ summary: 'Reorganisations, latest effective date first' })
  listReorganizations() {
    return this.reorganizations.list();
  }

  @Post('reorganizations')
  @Roles('admin')
  @ApiOperation({
    summary:
      'A reorganisation {effectiveDate, title, legalBasis?, changes: [create|rename|merge|abolish]} (admin): 201 {id, effectiveDate, applied, movedTasks, movedRoundParticipants, createdTasks}; ?dryRun=true: 200 with what would move (moves with fanOut, roundMoves), nothing changes',
  })
  @ApiConsumes('application/json', 'application/yaml')
  @ApiBody({ type: ReorganizationBody })
  async createReorganization(
    @CurrentUser() user: AuthUser,
    // JSON, or YAML text (a data/reorganizations file as it is): see reorganizationBodyOf.
    @Body() body: unknown,
    @Query() query: ReorganizationQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    const answer = await this.reorganizations.create(user, reorganizationBodyOf(body) as never, query.dryRun === true);
    if (answer.dryRun) response.status(HttpStatus.OK);
    return answer;
  }

  @Delete('reorganizations/:id')
  @Roles('admin')
  @ApiOperation({ summary: 'Cancel a reorganisation that has not taken effect yet (admin); 409 once applied' })
  cancelReorganization(@RouteId('reorganization') id: string) {
    return this.reorganizations.cancel(id);
  }
}

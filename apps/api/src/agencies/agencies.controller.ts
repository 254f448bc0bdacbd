import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgencySearchQuery } from '../common/search.query';
import { AgenciesService } from './agencies.service';

@ApiTags('agencies')
@ApiBearerAuth()
@Controller('agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  @Get()
  @ApiOperation({ summary: 'The agency directory: each agency with its code, name, kind and groups; q narrows by code or name' })
  list(@Query() query: AgencySearchQuery) {
    return this.agencies.list(query.q);
  }

  @Get('groups')
  @ApiOperation({ summary: 'The agency groups (e.g. DISTRICTS) with their members' })
  groups() {
    return this.agencies.groups();
  }
}

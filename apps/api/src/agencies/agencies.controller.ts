import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgenciesService } from './agencies.service';

@ApiTags('agencies')
@ApiBearerAuth()
@Controller('agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  @Get()
  @ApiOperation({ summary: 'The agency directory: each agency with its code, name, kind and groups' })
  list() {
    return this.agencies.list();
  }

  @Get('groups')
  @ApiOperation({ summary: 'The agency groups (e.g. DISTRICTS) with their members' })
  groups() {
    return this.agencies.groups();
  }
}

import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DISPLAY_LABELS, type DisplayLabels } from '@giaoviec/domain';
import { Public } from '../auth/auth.decorators';

@ApiTags('meta')
@Controller('meta')
export class MetaController {
  @Public()
  @Get('labels')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    summary: 'The Vietnamese labels of the domain codes (statuses, categories, event types, roles…), by kind: {taskStatus: {assigned: "Đã giao", …}, …}',
  })
  labels(): DisplayLabels {
    return DISPLAY_LABELS;
  }
}

import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { RouteId } from '../common/route-ids';
import { CurrentUser } from '../auth/auth.decorators';
import { PageQuery } from '../common/page.query';
import { BooleanParam } from '../common/query-params';
import type { AuthUser } from '../auth/auth.types';
import { NotificationsService } from './notifications.service';

export class InboxQuery extends PageQuery {
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @BooleanParam()
  @IsBoolean({ message: 'unread phải là true hoặc false' })
  unread?: boolean;
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: "The signed-in user's inbox: reminders, escalations and decisions" })
  inbox(@CurrentUser() user: AuthUser, @Query() query: InboxQuery) {
    return this.notifications.inbox(user, { unreadOnly: query.unread === true, page: query.page, limit: query.limit });
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one notification read' })
  markRead(@CurrentUser() user: AuthUser, @RouteId('notification') id: string) {
    return this.notifications.markRead(user, id);
  }
}

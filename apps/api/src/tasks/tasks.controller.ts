import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RouteId } from '../common/route-ids';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { CreateTaskRequest } from './dto/create-task.dto';
import { ListTasksQuery } from './dto/list-tasks.query';
import {
  AcceptRequest,
  ExtensionRequestBody,
  OptionalReasonRequest,
  ProgressRequest,
  ReasonRequest,
  ReassignRequest,
  SubmitRequest,
} from './dto/task-commands.dto';
import { TaskCommandService } from './task-command.service';
import { TaskReadService } from './task-read.service';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly commands: TaskCommandService,
    private readonly reads: TaskReadService,
  ) {}

  @Post()
  @Roles('coordinator')
  @ApiOperation({ summary: 'Create and issue one ad-hoc task' })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateTaskRequest, @Headers('idempotency-key') idempotencyKey?: string) {
    return this.commands.create(user, body, idempotencyKey);
  }

  @Get()
  @ApiOperation({ summary: 'Tasks, filtered and paged (an agency sees only its own)' })
  list(@CurrentUser() user: AuthUser, @Query() query: ListTasksQuery) {
    return this.reads.list(user, query);
  }

  @Get(':id')
  @Roles('coordinator', 'leader', 'agency') // the contract lists no admin: an IT operator does not read tasks
  @ApiOperation({ summary: 'One task with its category and ordered events' })
  get(@CurrentUser() user: AuthUser, @RouteId('task') id: string) {
    return this.reads.getVisible(user, id);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles('agency')
  @ApiOperation({ summary: 'The lead agency acknowledges the task' })
  acknowledge(@CurrentUser() user: AuthUser, @RouteId('task') id: string) {
    return this.commands.acknowledge(user, id);
  }

  @Post(':id/progress')
  @HttpCode(200)
  @Roles('agency')
  @ApiOperation({ summary: 'The lead agency reports progress' })
  progress(@CurrentUser() user: AuthUser, @RouteId('task') id: string, @Body() body: ProgressRequest) {
    return this.commands.reportProgress(user, id, body.percent, body.note);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles('agency')
  @ApiOperation({ summary: 'The lead agency submits its results' })
  submit(@CurrentUser() user: AuthUser, @RouteId('task') id: string, @Body() body: SubmitRequest) {
    return this.commands.submit(user, id, body.summary, body.evidence);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({ summary: 'The coordinator accepts submitted work: the task is completed' })
  accept(@CurrentUser() user: AuthUser, @RouteId('task') id: string, @Body() body: AcceptRequest) {
    return this.commands.accept(user, id, body.note);
  }

  @Post(':id/return')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({ summary: 'The coordinator returns submitted work: back to in_progress' })
  returnWork(@CurrentUser() user: AuthUser, @RouteId('task') id: string, @Body() body: ReasonRequest) {
    return this.commands.returnWork(user, id, body.reason);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({ summary: 'The coordinator cancels an open task' })
  cancel(@CurrentUser() user: AuthUser, @RouteId('task') id: string, @Body() body: ReasonRequest) {
    return this.commands.cancel(user, id, body.reason);
  }

  @Post(':id/extension-requests')
  @Roles('agency')
  @ApiOperation({ summary: 'The lead agency asks for a later due date; answers {id}' })
  requestExtension(@CurrentUser() user: AuthUser, @RouteId('task') id: string, @Body() body: ExtensionRequestBody) {
    return this.commands.requestExtension(user, id, body.newDueAt, body.reason);
  }

  @Post(':id/extension-requests/:rid/approve')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({ summary: 'Approve: the due date and every pending timer move' })
  approveExtension(@CurrentUser() user: AuthUser, @RouteId('task') id: string, @Param('rid') rid: string, @Body() body: AcceptRequest) {
    return this.commands.approveExtension(user, id, rid, body.note);
  }

  @Post(':id/extension-requests/:rid/reject')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({ summary: 'Reject an extension request' })
  rejectExtension(@CurrentUser() user: AuthUser, @RouteId('task') id: string, @Param('rid') rid: string, @Body() body: OptionalReasonRequest) {
    return this.commands.rejectExtension(user, id, rid, body.reason);
  }

  @Post(':id/reassign')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({ summary: 'Give the task to another lead agency (fresh acknowledge clock)' })
  reassign(@CurrentUser() user: AuthUser, @RouteId('task') id: string, @Body() body: ReassignRequest) {
    return this.commands.reassign(user, id, body.agency, body.reason);
  }
}

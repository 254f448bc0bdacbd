import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { CreateTaskRequest } from './dto/create-task.dto';
import { ListTasksQuery } from './dto/list-tasks.query';
import { AcceptRequest, ProgressRequest, ReasonRequest, SubmitRequest } from './dto/task-commands.dto';
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
  create(@CurrentUser() user: AuthUser, @Body() body: CreateTaskRequest) {
    return this.commands.create(user, body);
  }

  @Get()
  @ApiOperation({ summary: 'Tasks, filtered and paged (an agency sees only its own)' })
  list(@CurrentUser() user: AuthUser, @Query() query: ListTasksQuery) {
    return this.reads.list(user, query);
  }

  @Get(':id')
  @Roles('coordinator', 'leader', 'agency', 'admin')
  @ApiOperation({ summary: 'One task with its category and ordered events' })
  get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.reads.getVisible(user, id);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles('agency')
  @ApiOperation({ summary: 'The lead agency acknowledges the task' })
  acknowledge(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.commands.command(user, id, 'acknowledge');
  }

  @Post(':id/progress')
  @HttpCode(200)
  @Roles('agency')
  @ApiOperation({ summary: 'The lead agency reports progress' })
  progress(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: ProgressRequest) {
    return this.commands.command(user, id, 'report_progress', { percent: body.percent, note: body.note });
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles('agency')
  @ApiOperation({ summary: 'The lead agency submits its results' })
  submit(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: SubmitRequest) {
    return this.commands.command(user, id, 'submit', { summary: body.summary, evidence: body.evidence });
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({ summary: 'The coordinator accepts submitted work: the task is completed' })
  accept(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: AcceptRequest) {
    return this.commands.command(user, id, 'accept', { note: body.note });
  }

  @Post(':id/return')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({ summary: 'The coordinator returns submitted work: back to in_progress' })
  returnWork(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: ReasonRequest) {
    return this.commands.command(user, id, 'return', { reason: body.reason });
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({ summary: 'The coordinator cancels an open task' })
  cancel(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: ReasonRequest) {
    return this.commands.command(user, id, 'cancel', { reason: body.reason });
  }
}

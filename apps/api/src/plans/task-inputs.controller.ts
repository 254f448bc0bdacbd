import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RouteId } from '../common/route-ids';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { TaskInputRequest } from './dto/task-input.dto';
import { TaskInputService } from './task-input.service';

/** `/api/tasks/:id/inputs`: what coordinating agencies contribute to a task (kept apart from the task's workflow). */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TaskInputsController {
  constructor(private readonly inputs: TaskInputService) {}

  @Post(':id/inputs')
  @Roles('agency')
  @ApiOperation({ summary: 'A coordinating agency attaches its input to the task' })
  add(@CurrentUser() user: AuthUser, @RouteId('task') id: string, @Body() body: TaskInputRequest) {
    return this.inputs.add(user, id, body.note);
  }

  @Get(':id/inputs')
  @Roles('coordinator', 'leader', 'agency') // as GET /api/tasks/:id
  @ApiOperation({ summary: "The coordinating agencies' inputs on the task, oldest first" })
  list(@CurrentUser() user: AuthUser, @RouteId('task') id: string) {
    return this.inputs.list(user, id);
  }
}

import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { TaskCommandService } from './task-command.service';
import { TaskReadService } from './task-read.service';
import { TasksController } from './tasks.controller';

@Module({
  imports: [AgenciesModule],
  controllers: [TasksController],
  providers: [TaskCommandService, TaskReadService],
})
export class TasksModule {}

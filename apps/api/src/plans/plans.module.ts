import { Module } from '@nestjs/common';
import { PlanImportService } from './plan-import.service';
import { PlanIssueService } from './plan-issue.service';
import { PlanReadService } from './plan-read.service';
import { PlansController } from './plans.controller';
import { TaskInputService } from './task-input.service';
import { TaskInputsController } from './task-inputs.controller';

@Module({
  controllers: [PlansController, TaskInputsController],
  providers: [PlanImportService, PlanIssueService, PlanReadService, TaskInputService],
  exports: [PlanReadService],
})
export class PlansModule {}

import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { PlanCloseService } from './plan-close.service';
import { PlanDraftService } from './plan-draft.service';
import { PlanImportService } from './plan-import.service';
import { PlanIssueService } from './plan-issue.service';
import { PlanReadService } from './plan-read.service';
import { PlansController } from './plans.controller';
import { TaskInputService } from './task-input.service';
import { TaskInputsController } from './task-inputs.controller';

@Module({
  imports: [AgenciesModule],
  controllers: [PlansController, TaskInputsController],
  providers: [PlanCloseService, PlanDraftService, PlanImportService, PlanIssueService, PlanReadService, TaskInputService],
  exports: [PlanReadService],
})
export class PlansModule {}

import { Module } from '@nestjs/common';
import { AgenciesController } from './agencies.controller';
import { AgenciesService } from './agencies.service';
import { ReorganizationsService } from './reorganizations.service';

@Module({ controllers: [AgenciesController], providers: [AgenciesService, ReorganizationsService], exports: [AgenciesService] })
export class AgenciesModule {}

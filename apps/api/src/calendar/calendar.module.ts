import { Module } from '@nestjs/common';
import { CalendarStore } from '@giaoviec/persistence';
import { DataSource } from 'typeorm';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';

@Module({
  controllers: [CalendarController],
  providers: [
    { provide: CalendarStore, useFactory: (dataSource: DataSource) => new CalendarStore(dataSource), inject: [DataSource] },
    CalendarService,
  ],
  exports: [CalendarStore, CalendarService],
})
export class CalendarModule {}

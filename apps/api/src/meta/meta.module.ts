import { Module } from '@nestjs/common';
import { MetaController } from './meta.controller';

/** What clients need to know about the domain itself, not about its data: the labels of its codes. */
@Module({ controllers: [MetaController] })
export class MetaModule {}

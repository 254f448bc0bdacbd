export * from './entities';
export * from './migrations';
export * from './data-source';
export * from './task-projection.store';
export * from './plan.store';
export * from './calendar.store';
export * from './reporting-round.store';

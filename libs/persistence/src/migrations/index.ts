import { InitialSchema1732500000000 } from './1732500000000-InitialSchema';
import { SeedHanoiAgencies1732500000001 } from './1732500000001-SeedHanoiAgencies';

/** Every migration, in order. Schema changes are made only here, never by `synchronize`. */
export const MIGRATIONS = [InitialSchema1732500000000, SeedHanoiAgencies1732500000001];

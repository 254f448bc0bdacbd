import { InitialSchema1732500000000 } from './1732500000000-InitialSchema';
import { SeedHanoiAgencies1732500000001 } from './1732500000001-SeedHanoiAgencies';
import { LifecycleNotificationsCalendar1732500000002 } from './1732500000002-LifecycleNotificationsCalendar';
import { Plans1732500000003 } from './1732500000003-Plans';
import { DashboardIndexes1732500000004 } from './1732500000004-DashboardIndexes';
import { SeedOfficialSwaps1732500000005 } from './1732500000005-SeedOfficialSwaps';
import { ReportingRounds1732500000006 } from './1732500000006-ReportingRounds';
import { AssumedTaskDue1732500000007 } from './1732500000007-AssumedTaskDue';
import { NotificationDelivery1732500000008 } from './1732500000008-NotificationDelivery';
import { Reorganizations1732500000009 } from './1732500000009-Reorganizations';
import { Users1732500000010 } from './1732500000010-Users';
import { FoldedSearch1732500000011 } from './1732500000011-FoldedSearch';
import { IdempotencyScopedToPrincipal1732500000012 } from './1732500000012-IdempotencyScopedToPrincipal';
import { ReorganizationMoves1732500000014 } from './1732500000014-ReorganizationMoves';
import { PlanClosing1732500000016 } from './1732500000016-PlanClosing';
import { OidcAndPasswordReset1732500000017 } from './1732500000017-OidcAndPasswordReset';
import { PasswordChangedAt1732500000018 } from './1732500000018-PasswordChangedAt';
import { ReplacedTaskEvents1732500000019 } from './1732500000019-ReplacedTaskEvents';

/** Every migration, in order. Schema changes are made only here, never by `synchronize`. */
export const MIGRATIONS = [
  InitialSchema1732500000000,
  SeedHanoiAgencies1732500000001,
  LifecycleNotificationsCalendar1732500000002,
  Plans1732500000003,
  DashboardIndexes1732500000004,
  SeedOfficialSwaps1732500000005,
  ReportingRounds1732500000006,
  AssumedTaskDue1732500000007,
  NotificationDelivery1732500000008,
  Reorganizations1732500000009,
  Users1732500000010,
  FoldedSearch1732500000011,
  IdempotencyScopedToPrincipal1732500000012,
  ReorganizationMoves1732500000014,
  PlanClosing1732500000016,
  OidcAndPasswordReset1732500000017,
  PasswordChangedAt1732500000018,
  ReplacedTaskEvents1732500000019,
];

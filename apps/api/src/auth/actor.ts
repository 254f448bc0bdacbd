import type { Actor } from '@giaoviec/domain';
import type { AuthUser } from './auth.types';

/** The signed-in user as the actor recorded in events (no empty `agency`). */
export function toActor(user: AuthUser): Actor {
  return { sub: user.sub, name: user.name, role: user.role, ...(user.agency ? { agency: user.agency } : {}) };
}

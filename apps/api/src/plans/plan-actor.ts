import type { Actor } from '@giaoviec/domain';
import type { AuthUser } from '../auth/auth.types';

export function toActor(user: AuthUser): Actor {
  return { sub: user.sub, name: user.name, role: user.role, ...(user.agency ? { agency: user.agency } : {}) };
}

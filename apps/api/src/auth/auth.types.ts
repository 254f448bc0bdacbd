import type { Role } from '@giaoviec/domain';

/** The signed-in user, from the verified JWT's claims. */
export interface AuthUser {
  sub: string;
  name: string;
  role: Role;
  agency?: string;
}

export interface AuthenticatedRequest {
  user: AuthUser;
}

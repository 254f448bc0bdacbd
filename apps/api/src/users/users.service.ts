import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '@giaoviec/config';
import { DomainError } from '@giaoviec/domain';
import { AuditLogStore, UserRecord, UserStore, type AuditAction, type AuditRecord, type UserChanges } from '@giaoviec/persistence';
import { hash } from '@node-rs/argon2';
import { AgenciesService } from '../agencies/agencies.service';
import type { AuthUser } from '../auth/auth.types';
import { APP_CONFIG } from '../common/tokens';
import type { CreateUserRequest, UpdateUserRequest } from './dto/user.dto';

/** Where a request came from, for the audit log. */
export interface RequestOrigin {
  address: string | null;
}

/** The admin's side of built-in accounts: create, list, change, deactivate; every change audited. */
@Injectable()
export class UsersService implements OnApplicationBootstrap {
  constructor(
    private readonly users: UserStore,
    private readonly audit: AuditLogStore,
    private readonly agencies: AgenciesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(admin: AuthUser, request: CreateUserRequest, origin: RequestOrigin): Promise<UserRecord> {
    if (request.agency) await this.agencies.requireExisting(request.agency, 'agency');
    const user = await this.users.create({
      email: request.email.trim(),
      name: request.name.trim(),
      role: request.role,
      agency: request.agency ?? null,
      passwordHash: request.password ? await hashPassword(request.password) : null,
      createdBy: admin.sub,
    });
    await this.audit.append({
      action: 'user_created',
      actor: admin.sub,
      target: user.id,
      address: origin.address,
      details: { email: user.email, role: user.role, agency: user.agency, password: Boolean(request.password) },
    });
    return user;
  }

  list(page: { page: number; limit: number }): Promise<{ items: UserRecord[]; total: number }> {
    return this.users.list(page);
  }

  auditLog(query: { page: number; limit: number; action?: AuditAction }): Promise<{ items: AuditRecord[]; total: number }> {
    return this.audit.list(query);
  }

  async get(id: string): Promise<UserRecord> {
    const user = await this.users.findById(id);
    if (!user) throw notFound();
    return user;
  }

  async update(admin: AuthUser, id: string, request: UpdateUserRequest, origin: RequestOrigin): Promise<UserRecord> {
    const current = await this.get(id);
    const role = request.role ?? current.role;
    const agency = request.agency === undefined ? current.agency : request.agency;
    if (role === 'agency' && !agency) {
      throw new DomainError('VALIDATION_FAILED', 'Dữ liệu không hợp lệ: agency', [{ path: 'agency', message: 'agency là bắt buộc với vai trò agency' }]);
    }
    if (request.agency) await this.agencies.requireExisting(request.agency, 'agency');
    if (current.id === admin.sub && (request.active === false || (request.role && request.role !== 'admin'))) {
      throw new DomainError('CONFLICT', 'Quản trị viên không thể tự khóa hoặc tự bỏ quyền quản trị của mình.');
    }
    const changes: UserChanges = {
      name: request.name?.trim(),
      role: request.role,
      agency: request.agency,
      active: request.active,
      passwordHash: request.password ? await hashPassword(request.password) : undefined,
    };
    const updated = await this.users.update(id, changes);
    if (!updated) throw notFound();
    const { password, ...visible } = request;
    await this.audit.append({
      action: 'user_updated',
      actor: admin.sub,
      target: id,
      address: origin.address,
      details: { ...visible, ...(password ? { password: 'changed' } : {}) },
    });
    return updated;
  }

  /**
   * The first admin of a fresh installation: BOOTSTRAP_ADMIN_EMAIL / BOOTSTRAP_ADMIN_PASSWORD create
   * it when no account exists yet (and are ignored afterwards).
   */
  async onApplicationBootstrap(): Promise<void> {
    const bootstrap = this.config.bootstrapAdmin;
    if (!bootstrap || (await this.users.count()) > 0) return;
    const user = await this.users
      .create({ email: bootstrap.email, name: 'Quản trị hệ thống', role: 'admin', agency: null, passwordHash: await hashPassword(bootstrap.password), createdBy: 'bootstrap' })
      .catch((error: unknown) => (error instanceof DomainError && error.code === 'CONFLICT' ? undefined : Promise.reject(error)));
    if (!user) return; // another replica made it first
    await this.audit.append({ action: 'user_created', actor: 'bootstrap', target: user.id, address: null, details: { email: user.email, role: 'admin' } });
    new Logger('users').log(`created the first admin account ${user.email} (BOOTSTRAP_ADMIN_EMAIL)`);
  }
}

/** argon2id with the library's defaults (memory-hard; OWASP's recommended family). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

function notFound(): DomainError {
  return new DomainError('NOT_FOUND', 'Không tìm thấy người dùng.');
}

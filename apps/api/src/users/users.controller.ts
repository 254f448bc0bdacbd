import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { PageQuery } from '../common/page.query';
import { AuditQuery, CreateUserRequest, UpdateUserRequest } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Create a user {email, name, role, agency?, password?} (admin); 409 when the e-mail has an account' })
  create(@CurrentUser() admin: AuthUser, @Body() body: CreateUserRequest, @Req() request: Request) {
    return this.users.create(admin, body, { address: request.ip ?? null });
  }

  @Get()
  @ApiOperation({ summary: 'Users, by e-mail, paged {items, total} (admin)' })
  list(@Query() query: PageQuery) {
    return this.users.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user (admin)' })
  get(@Param('id') id: string) {
    return this.users.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a user {name?, role?, agency?, password?, active?}; active=false deactivates at once (admin)' })
  update(@CurrentUser() admin: AuthUser, @Param('id') id: string, @Body() body: UpdateUserRequest, @Req() request: Request) {
    return this.users.update(admin, id, body, { address: request.ip ?? null });
  }
}

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('audit')
export class AuditController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'The audit log, newest first: sign-ins, failed sign-ins, lockouts, changes to users (who, when, from where); ?action= filters (admin)' })
  list(@Query() query: AuditQuery) {
    return this.users.auditLog(query);
  }
}

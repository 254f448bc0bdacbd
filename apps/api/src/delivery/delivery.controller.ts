import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { PageQuery } from '../common/page.query';
import { DeliveryService } from './delivery.service';
import { CreateWebhookRequest } from './webhook.dto';

export class DeliverySettingsRequest {
  @ApiProperty({ description: 'false: only the daily digest is e-mailed, not each event' })
  @IsBoolean({ message: 'perEventEmail phải là true hoặc false' })
  perEventEmail!: boolean;
}

export class DeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['pending', 'sent', 'failed', 'dead'] })
  @IsOptional()
  @IsIn(['pending', 'sent', 'failed', 'dead'], { message: 'status phải là pending, sent, failed hoặc dead' })
  status?: 'pending' | 'sent' | 'failed' | 'dead';
}

@ApiTags('delivery')
@ApiBearerAuth()
@Controller()
export class DeliveryController {
  constructor(private readonly delivery: DeliveryService) {}

  @Get('agencies/:code/contacts')
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: "The agency's contacts: [{name, role: head|officer|clerk, email?, phone?, zaloUserId?}]" })
  contacts(@Param('code') code: string) {
    return this.delivery.listContacts(code);
  }

  @Put('agencies/:code/contacts')
  @Roles('admin')
  @ApiBody({ schema: { type: 'array', items: { type: 'object' } } })
  @ApiOperation({ summary: "Replace the agency's whole contact list (400 naming each bad field, nothing written)" })
  replaceContacts(@Param('code') code: string, @Body() body: unknown[]) {
    return this.delivery.replaceContacts(code, body);
  }

  @Get('agencies/:code/delivery-settings')
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: '{perEventEmail}: whether the agency gets an e-mail per event or only the daily digest' })
  settings(@Param('code') code: string) {
    return this.delivery.settings(code);
  }

  @Put('agencies/:code/delivery-settings')
  @Roles('admin')
  @ApiOperation({ summary: 'Turn per-event e-mails off or on for the agency (the digest stays)' })
  setSettings(@Param('code') code: string, @Body() body: DeliverySettingsRequest, @CurrentUser() user: AuthUser) {
    return this.delivery.setSettings(code, { perEventEmail: body.perEventEmail }, user);
  }

  @Post('webhooks')
  @Roles('admin')
  @ApiOperation({ summary: 'Subscribe a system to notifications: signed JSON POSTs (X-Giaoviec-Signature: sha256=<hex HMAC>)' })
  createWebhook(@Body() body: CreateWebhookRequest, @CurrentUser() user: AuthUser) {
    return this.delivery.createWebhook(body, user);
  }

  @Get('webhooks')
  @Roles('admin')
  @ApiOperation({ summary: 'The webhooks (never their secrets)' })
  webhooks() {
    return this.delivery.listWebhooks();
  }

  @Delete('webhooks/:id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Remove a webhook; its pending deliveries die' })
  async removeWebhook(@Param('id') id: string): Promise<void> {
    await this.delivery.removeWebhook(id);
  }

  @Get('notifications/:id/deliveries')
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: "A notification's deliveries (channel, recipient, status, attempts, last error, each attempt)" })
  deliveriesOf(@Param('id') id: string) {
    return this.delivery.deliveriesOf(id);
  }

  @Get('deliveries')
  @Roles('admin')
  @ApiOperation({ summary: 'Deliveries, newest change first; ?status=dead lists those that gave up' })
  deliveries(@Query() query: DeliveriesQuery) {
    return this.delivery.listDeliveries(query);
  }

  @Post('deliveries/:id/retry')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Retry a dead delivery at once, with a fresh retry budget (409 unless dead)' })
  retry(@Param('id') id: string) {
    return this.delivery.retry(id);
  }
}

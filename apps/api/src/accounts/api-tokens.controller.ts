import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { Allow } from '../admin/access.decorator.js';
import type { ActorRequest } from '../common/actor-request.js';
import { type ApiTokenView, apiTokenView } from './accounts.views.js';
import { ApiTokenService } from './api-token.service.js';
import { CreateApiTokenDto } from './dto/accounts.dto.js';

/** Pipeline tokens are managed by people (sessions or the admin), never by other tokens. */
@Controller('v1')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokenService) {}

  @Post('organisations/:organisationId/api-tokens')
  @Allow({ vendor: ['admin'], partner: ['admin', 'developer'] })
  async create(
    @Req() req: ActorRequest,
    @Param('organisationId', ParseUUIDPipe) organisationId: string,
    @Body() dto: CreateApiTokenDto,
  ): Promise<{ token: ApiTokenView; secret: string }> {
    const made = await this.tokens.create(req.actor, organisationId, dto);
    return { token: apiTokenView(made.token), secret: made.secret };
  }

  @Get('organisations/:organisationId/api-tokens')
  @Allow({ vendor: ['admin'], partner: ['admin', 'developer'] })
  async list(
    @Param('organisationId', ParseUUIDPipe) organisationId: string,
  ): Promise<ApiTokenView[]> {
    return (await this.tokens.list(organisationId)).map(apiTokenView);
  }

  @Post('api-tokens/:tokenId/revoke')
  @Allow({ vendor: ['admin'], partner: ['admin', 'developer'] })
  @HttpCode(200)
  async revoke(
    @Req() req: ActorRequest,
    @Param('tokenId', ParseUUIDPipe) tokenId: string,
  ): Promise<ApiTokenView> {
    return apiTokenView(await this.tokens.revoke(req.actor, tokenId));
  }
}

import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { Response } from 'express';
import { Allow, Public } from '../admin/access.decorator.js';
import type { ActorRequest } from '../common/actor-request.js';
import { isVendorAdmin } from '../common/principal.js';
import { ServiceError } from '../common/service-error.js';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/config.js';
import {
  type InvitationView,
  invitationView,
  type SessionView,
  sessionView,
  startSession,
} from './accounts.views.js';
import { AcceptInvitationDto, InvitationTokenDto, InviteDto } from './dto/accounts.dto.js';
import { InvitationService, type InvitationPreview } from './invitation.service.js';
import { SessionService, type UserPrincipal } from './session.service.js';
import { SignInThrottlerGuard } from './sign-in-throttler.guard.js';

@Controller('v1')
export class InvitationsController {
  constructor(
    private readonly invitations: InvitationService,
    private readonly sessions: SessionService,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Post('organisations/:organisationId/invitations')
  @Allow({ vendor: ['admin'], partner: ['admin'] })
  async invite(
    @Req() req: ActorRequest,
    @Param('organisationId', ParseUUIDPipe) organisationId: string,
    @Body() dto: InviteDto,
  ): Promise<{ invitation: InvitationView; link: string }> {
    if (dto.role === 'reviewer' && !isVendorAdmin(req.principal)) {
      throw new ServiceError('FORBIDDEN', 'only a vendor admin invites reviewers');
    }
    const made = await this.invitations.invite(req.actor, organisationId, dto.email, dto.role);
    return { invitation: invitationView(made.invitation), link: made.link };
  }

  @Get('organisations/:organisationId/invitations')
  @Allow({ vendor: ['admin'], partner: ['admin'] })
  async list(
    @Param('organisationId', ParseUUIDPipe) organisationId: string,
  ): Promise<InvitationView[]> {
    return (await this.invitations.list(organisationId)).map(invitationView);
  }

  @Post('invitations/preview')
  @Public()
  @UseGuards(SignInThrottlerGuard)
  @HttpCode(200)
  preview(@Body() dto: InvitationTokenDto): Promise<InvitationPreview> {
    return this.invitations.preview(dto.token);
  }

  @Post('invitations/accept')
  @Public()
  @UseGuards(SignInThrottlerGuard)
  @HttpCode(200)
  async accept(
    @Body() dto: AcceptInvitationDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionView> {
    const signedIn = await this.invitations.accept(dto.token, dto.password, dto.displayName);
    startSession(res, this.config.portal, signedIn);
    const principal = await this.sessions.authenticate(signedIn.secret);
    if (principal === undefined) throw new Error('a session just made must be usable');
    return sessionView(principal);
  }

  /** An address that already has an account accepts while signed in as it. */
  @Post('invitations/accept-signed-in')
  @Allow({ anyUser: true })
  @UseGuards(SignInThrottlerGuard)
  @HttpCode(200)
  async acceptSignedIn(
    @Req() req: ActorRequest,
    @Body() dto: InvitationTokenDto,
  ): Promise<SessionView> {
    const user = req.principal as UserPrincipal;
    await this.invitations.acceptSignedIn(dto.token, user);
    const principal = await this.sessions.authenticate(user.sessionSecret);
    if (principal === undefined) throw new ServiceError('UNAUTHENTICATED', 'the session ended');
    return sessionView(principal);
  }
}

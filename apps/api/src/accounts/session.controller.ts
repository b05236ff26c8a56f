import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { Response } from 'express';
import { Allow, Public } from '../admin/access.decorator.js';
import type { ActorRequest } from '../common/actor-request.js';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/config.js';
import { type SessionView, sessionView, startSession } from './accounts.views.js';
import { SignInDto } from './dto/accounts.dto.js';
import { SessionService, type UserPrincipal } from './session.service.js';
import { clearSessionCookie } from './session-cookie.js';
import { SignInService } from './sign-in.service.js';
import { SignInThrottlerGuard } from './sign-in-throttler.guard.js';

@Controller('v1/session')
export class SessionController {
  constructor(
    private readonly signIns: SignInService,
    private readonly sessions: SessionService,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Post()
  @Public()
  @UseGuards(SignInThrottlerGuard)
  @HttpCode(200)
  async signIn(
    @Body() dto: SignInDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionView> {
    const signedIn = await this.signIns.signIn(dto.email, dto.password);
    startSession(res, this.config.portal, signedIn);
    const principal = await this.sessions.authenticate(signedIn.secret);
    if (principal === undefined) throw new Error('a session just made must be usable');
    return sessionView(principal);
  }

  @Get()
  @Allow({ anyUser: true })
  current(@Req() req: ActorRequest): SessionView {
    return sessionView(req.principal as UserPrincipal);
  }

  @Delete()
  @Allow({ anyUser: true })
  @HttpCode(204)
  async signOut(
    @Req() req: ActorRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    await this.sessions.destroy((req.principal as UserPrincipal).sessionSecret);
    clearSessionCookie(res, this.config.portal);
  }
}

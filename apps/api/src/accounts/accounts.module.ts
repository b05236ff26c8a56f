import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuditModule } from '../audit/audit.module.js';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/config.js';
import { AccountsCoreModule } from './accounts-core.module.js';
import { ApiTokensController } from './api-tokens.controller.js';
import { InvitationService } from './invitation.service.js';
import { InvitationsController } from './invitations.controller.js';
import { MembersController } from './members.controller.js';
import { SessionController } from './session.controller.js';
import { SignInService } from './sign-in.service.js';

const MINUTE_MS = 60_000;

/** People: sign-in, sessions, invitations, members and their pipelines' API tokens. */
@Module({
  imports: [
    AuditModule,
    AccountsCoreModule,
    // TODO(#3): the limit is counted per instance; behind a load balancer each instance allows
    // the configured rate. A shared store (PostgreSQL or Redis) would make it one limit.
    ThrottlerModule.forRootAsync({
      inject: [SERVICE_CONFIG],
      useFactory: (config: ServiceConfig) => [
        { name: 'sign-in', ttl: MINUTE_MS, limit: config.portal.signInPerMinute },
      ],
    }),
  ],
  controllers: [SessionController, InvitationsController, ApiTokensController, MembersController],
  providers: [SignInService, InvitationService],
})
export class AccountsModule {}

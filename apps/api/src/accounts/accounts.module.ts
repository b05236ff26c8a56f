import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AccountsCoreModule } from './accounts-core.module.js';
import { ApiTokensController } from './api-tokens.controller.js';
import { InvitationService } from './invitation.service.js';
import { InvitationsController } from './invitations.controller.js';
import { MembersController } from './members.controller.js';
import { SessionController } from './session.controller.js';
import { SignInService } from './sign-in.service.js';

/** People: sign-in, sessions, invitations, members and their pipelines' API tokens. */
@Module({
  imports: [
    AuditModule,
    AccountsCoreModule,
    // Sign-in limits come from the global RateLimitModule (counted in PostgreSQL, shared by
    // every instance); SignInThrottlerGuard applies them.
  ],
  controllers: [SessionController, InvitationsController, ApiTokensController, MembersController],
  providers: [SignInService, InvitationService],
})
export class AccountsModule {}

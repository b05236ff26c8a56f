import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ApiTokenService } from './api-token.service.js';
import { SessionService } from './session.service.js';

/** What the access guard needs to recognise callers: sessions and API tokens. */
@Module({
  imports: [AuditModule],
  providers: [SessionService, ApiTokenService],
  exports: [SessionService, ApiTokenService],
})
export class AccountsCoreModule {}

import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccountsCoreModule } from '../accounts/accounts-core.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { AccessGuard } from './access.guard.js';
import { AdminCredentialService } from './admin-credential.service.js';
import { ResourceOwnerService } from './resource-owner.service.js';

@Module({
  imports: [AuditModule, AccountsCoreModule],
  providers: [
    AdminCredentialService,
    ResourceOwnerService,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AdminCredentialService],
})
export class AdminModule {}

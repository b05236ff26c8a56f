import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditModule } from '../audit/audit.module.js';
import { AccessGuard } from './access.guard.js';
import { AdminCredentialService } from './admin-credential.service.js';

@Module({
  imports: [AuditModule],
  providers: [AdminCredentialService, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AdminCredentialService],
})
export class AdminModule {}

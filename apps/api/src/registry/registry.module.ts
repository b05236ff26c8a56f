import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AppPolicyController } from './app-policy.controller.js';
import { PartnerAppsController } from './partner-apps.controller.js';
import { RegistryController } from './registry.controller.js';
import { RegistryService } from './registry.service.js';

@Module({
  imports: [AuditModule],
  controllers: [RegistryController, PartnerAppsController, AppPolicyController],
  providers: [RegistryService],
  exports: [RegistryService],
})
export class RegistryModule {}

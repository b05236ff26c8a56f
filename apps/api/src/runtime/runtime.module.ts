import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { KeysModule } from '../keys/keys.module.js';
import { RegistryModule } from '../registry/registry.module.js';
import { ReviewModule } from '../review/review.module.js';
import { AndroidTrustService } from './android-trust.service.js';
import { ChallengeService } from './challenge.service.js';
import { EnrolmentService } from './enrolment.service.js';
import { InstallationsController } from './installations.controller.js';
import { RefreshService } from './refresh.service.js';
import { RuntimeController } from './runtime.controller.js';
import { TestHooksController } from './test-hooks.controller.js';
import { TokenIssuerService } from './token-issuer.service.js';

@Module({
  imports: [AuditModule, KeysModule, RegistryModule, ReviewModule],
  controllers: [RuntimeController, InstallationsController, TestHooksController],
  providers: [
    AndroidTrustService,
    ChallengeService,
    EnrolmentService,
    RefreshService,
    TokenIssuerService,
  ],
})
export class RuntimeModule {}

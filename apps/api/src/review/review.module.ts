import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { RegistryModule } from '../registry/registry.module.js';
import { RevocationService } from './revocation.service.js';
import { ReviewController } from './review.controller.js';
import { ReviewService } from './review.service.js';

/** Reviewers' queue and decisions, and revocation of versions and signing certificates. */
@Module({
  imports: [AuditModule, RegistryModule],
  controllers: [ReviewController],
  providers: [ReviewService, RevocationService],
  exports: [RevocationService],
})
export class ReviewModule {}

import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { BuildSweeper } from './build-sweeper.js';
import { BuildUploadService } from './build-upload.service.js';
import { BuildsController } from './builds.controller.js';

/** Build uploads: streamed to disk, inspected, kept with their facts or refused with a reason. */
@Module({
  imports: [AuditModule],
  controllers: [BuildsController],
  providers: [BuildUploadService, BuildSweeper],
})
export class BuildsModule {}

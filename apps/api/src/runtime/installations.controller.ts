import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { VendorStaff } from '../admin/access.decorator.js';
import { AuditService } from '../audit/audit.service.js';
import type { ActorRequest } from '../common/actor-request.js';
import { ServiceError } from '../common/service-error.js';
import { RevokeInstallationDto } from '../registry/dto/registry.dto.js';
import { InstallationEntity } from './installation.entity.js';

export interface InstallationView {
  id: string;
  appId: string;
  platform: string;
  state: string;
  appVersion: string | null;
  evidence: Record<string, unknown>;
  createdAt: string;
  lastTokenAt: string | null;
}

function installationView(entity: InstallationEntity): InstallationView {
  return {
    id: entity.id,
    appId: entity.appId,
    platform: entity.platform,
    state: entity.state,
    appVersion: entity.appVersion,
    evidence: entity.evidence,
    createdAt: entity.createdAt.toISOString(),
    lastTokenAt: entity.lastTokenAt?.toISOString() ?? null,
  };
}

@Controller('v1/admin/installations')
@VendorStaff()
export class InstallationsController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  @Get()
  async list(
    @Query('appId', new ParseUUIDPipe({ optional: true })) appId?: string,
  ): Promise<InstallationView[]> {
    const rows = await this.dataSource.getRepository(InstallationEntity).find({
      where: appId === undefined ? {} : { appId },
      order: { createdAt: 'DESC' },
      take: 500,
    });
    return rows.map(installationView);
  }

  /** Stops new tokens for one device at once; tokens already issued die within their lifetime. */
  @Post(':id/revoke')
  @HttpCode(200)
  async revoke(
    @Req() req: ActorRequest,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RevokeInstallationDto,
  ): Promise<InstallationView> {
    return this.dataSource.transaction(async (manager) => {
      const installation = await manager.findOne(InstallationEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (installation === null) throw new ServiceError('NOT_FOUND', 'installation not found');
      if (installation.state === 'revoked') {
        throw new ServiceError('INVALID_STATE_TRANSITION', 'installation is already revoked');
      }
      installation.state = 'revoked';
      await manager.save(installation);
      await this.audit.append(manager, {
        actor: req.actor,
        action: 'installation.revoked',
        subjectType: 'installation',
        subjectId: id,
        details: { note: dto.note },
      });
      return installationView(installation);
    });
  }
}

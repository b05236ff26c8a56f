import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Allow } from '../admin/access.decorator.js';
import { AuditService } from '../audit/audit.service.js';
import type { ActorRequest } from '../common/actor-request.js';
import { ServiceError } from '../common/service-error.js';
import { RevocationEntity } from '../review/revocation.entity.js';
import { type RevocationView, revocationView } from '../review/review.views.js';
import { AppEntity } from './app.entity.js';
import type { AppView } from './dto/registry.dto.js';
import { CreatePartnerAppDto } from './dto/partner-app.dto.js';
import { OrganisationEntity } from './organisation.entity.js';
import { RegistryService } from './registry.service.js';
import { appView } from './registry.views.js';

/** A partner's own apps, under its organisation. Vendor staff may look at any of them. */
@Controller('v1')
export class PartnerAppsController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: RegistryService,
    private readonly audit: AuditService,
  ) {}

  @Post('organisations/:organisationId/apps')
  @Allow({ vendor: ['admin'], partner: ['admin', 'developer'] })
  async create(
    @Req() req: ActorRequest,
    @Param('organisationId', ParseUUIDPipe) organisationId: string,
    @Body() dto: CreatePartnerAppDto,
  ): Promise<AppView> {
    const identity = partnerIdentity(dto);
    const app = await this.registry.write(async (manager) => {
      const organisation = await manager.findOneBy(OrganisationEntity, { id: organisationId });
      if (organisation === null) throw new ServiceError('NOT_FOUND', 'organisation not found');
      const saved = await manager.save(
        manager.create(AppEntity, {
          organisationId,
          name: dto.name,
          platform: dto.platform,
          androidSigningDigests: [],
          androidMinVersionCode: null,
          ...identity,
          reviewState: 'pending',
        }),
      );
      await this.audit.append(manager, {
        actor: req.actor,
        action: 'app.created',
        subjectType: 'app',
        subjectId: saved.id,
        details: { name: dto.name, platform: dto.platform, ...identity },
      });
      return saved;
    });
    return appView(app, []);
  }

  @Get('organisations/:organisationId/apps')
  @Allow({ vendor: ['admin', 'reviewer'], partner: ['admin', 'developer'] })
  async list(@Param('organisationId', ParseUUIDPipe) organisationId: string): Promise<AppView[]> {
    const apps = await this.dataSource
      .getRepository(AppEntity)
      .find({ where: { organisationId }, order: { createdAt: 'ASC' } });
    return Promise.all(
      apps.map(async (app) => appView(app, await this.registry.deploymentsOf(app.id))),
    );
  }

  @Get('apps/:appId')
  @Allow({ vendor: ['admin', 'reviewer'], partner: ['admin', 'developer'] })
  async get(
    @Param('appId', ParseUUIDPipe) appId: string,
  ): Promise<AppView & { revocations: RevocationView[] }> {
    const app = await this.registry.getApp(appId);
    const revocations = await this.dataSource
      .getRepository(RevocationEntity)
      .find({ where: { appId }, order: { createdAt: 'ASC' } });
    return {
      ...appView(app, await this.registry.deploymentsOf(appId)),
      revocations: revocations.map(revocationView),
    };
  }
}

type PartnerIdentity = Pick<
  AppEntity,
  'androidPackage' | 'iosTeamId' | 'iosBundleId' | 'iosEnvironment'
>;

function partnerIdentity(dto: CreatePartnerAppDto): PartnerIdentity {
  const ios = dto.iosTeamId ?? dto.iosBundleId ?? dto.iosEnvironment;
  if (dto.platform === 'android') {
    if (dto.androidPackage === undefined || ios !== undefined) {
      throw new ServiceError(
        'INVALID_REQUEST',
        'android apps take androidPackage and no iOS fields',
      );
    }
    return {
      androidPackage: dto.androidPackage,
      iosTeamId: null,
      iosBundleId: null,
      iosEnvironment: null,
    };
  }
  if (dto.iosBundleId === undefined || dto.androidPackage !== undefined) {
    throw new ServiceError('INVALID_REQUEST', 'ios apps take iosBundleId and no Android fields');
  }
  return {
    androidPackage: null,
    iosTeamId: dto.iosTeamId ?? null,
    iosBundleId: dto.iosBundleId,
    iosEnvironment: dto.iosEnvironment ?? null,
  };
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { isUniqueViolation, uniqueViolationMessage } from '../common/database-errors.js';
import { ServiceError } from '../common/service-error.js';
import { AppDeploymentEntity } from './app-deployment.entity.js';
import { AppEntity, type ReviewState } from './app.entity.js';
import { DeploymentEntity } from './deployment.entity.js';
import type {
  CreateAppDto,
  CreateDeploymentDto,
  CreateOrganisationDto,
  ReviewDecisionDto,
} from './dto/registry.dto.js';
import { OrganisationEntity } from './organisation.entity.js';

/** Which review states each decision may start from. */
const TRANSITIONS: Record<ReviewDecisionDto['decision'], [ReviewState[], ReviewState]> = {
  approve: [['pending', 'rejected', 'revoked'], 'approved'],
  reject: [['pending'], 'rejected'],
  revoke: [['approved'], 'revoked'],
};

@Injectable()
export class RegistryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async createOrganisation(actor: string, dto: CreateOrganisationDto): Promise<OrganisationEntity> {
    return this.write(async (manager) => {
      const organisation = await manager.save(manager.create(OrganisationEntity, dto));
      await this.audit.append(manager, {
        actor,
        action: 'organisation.created',
        subjectType: 'organisation',
        subjectId: organisation.id,
        details: { name: dto.name, kind: dto.kind },
      });
      return organisation;
    });
  }

  listOrganisations(): Promise<OrganisationEntity[]> {
    return this.dataSource.getRepository(OrganisationEntity).find({ order: { createdAt: 'ASC' } });
  }

  async createApp(actor: string, dto: CreateAppDto): Promise<AppEntity> {
    const identity = declaredIdentity(dto);
    return this.write(async (manager) => {
      const organisation = await manager.findOneBy(OrganisationEntity, { id: dto.organisationId });
      if (organisation === null) throw new ServiceError('NOT_FOUND', 'organisation not found');
      const app = await manager.save(
        manager.create(AppEntity, {
          organisationId: dto.organisationId,
          name: dto.name,
          platform: dto.platform,
          ...identity,
          reviewState: 'pending',
        }),
      );
      await this.audit.append(manager, {
        actor,
        action: 'app.created',
        subjectType: 'app',
        subjectId: app.id,
        details: { name: dto.name, platform: dto.platform, ...identity },
      });
      return app;
    });
  }

  listApps(): Promise<AppEntity[]> {
    return this.dataSource.getRepository(AppEntity).find({ order: { createdAt: 'ASC' } });
  }

  async getApp(id: string): Promise<AppEntity> {
    const app = await this.dataSource.getRepository(AppEntity).findOneBy({ id });
    if (app === null) throw new ServiceError('NOT_FOUND', 'app not found');
    return app;
  }

  async review(actor: string, appId: string, dto: ReviewDecisionDto): Promise<AppEntity> {
    const [from, to] = TRANSITIONS[dto.decision];
    return this.write(async (manager) => {
      const app = await manager.findOne(AppEntity, {
        where: { id: appId },
        lock: { mode: 'pessimistic_write' },
      });
      if (app === null) throw new ServiceError('NOT_FOUND', 'app not found');
      if (!from.includes(app.reviewState)) {
        throw new ServiceError(
          'INVALID_STATE_TRANSITION',
          `cannot ${dto.decision} an app that is ${app.reviewState}`,
        );
      }
      const previous = app.reviewState;
      app.reviewState = to;
      await manager.save(app);
      await this.audit.append(manager, {
        actor,
        action: `app.${to}`,
        subjectType: 'app',
        subjectId: app.id,
        details: { from: previous, to, note: dto.note },
      });
      return app;
    });
  }

  async createDeployment(actor: string, dto: CreateDeploymentDto): Promise<DeploymentEntity> {
    return this.write(async (manager) => {
      // The id is chosen by the caller: an existing one is a conflict, never an update.
      if (await manager.existsBy(DeploymentEntity, { id: dto.id })) {
        throw new ServiceError('CONFLICT', `deployment ${dto.id} already exists`);
      }
      await manager.insert(DeploymentEntity, dto);
      const deployment = await manager.findOneByOrFail(DeploymentEntity, { id: dto.id });
      await this.audit.append(manager, {
        actor,
        action: 'deployment.created',
        subjectType: 'deployment',
        subjectId: deployment.id,
        details: { name: dto.name },
      });
      return deployment;
    });
  }

  listDeployments(): Promise<DeploymentEntity[]> {
    return this.dataSource.getRepository(DeploymentEntity).find({ order: { id: 'ASC' } });
  }

  async setDeployments(actor: string, appId: string, deploymentIds: string[]): Promise<string[]> {
    const wanted = [...new Set(deploymentIds)].sort();
    return this.write(async (manager) => {
      if ((await manager.findOneBy(AppEntity, { id: appId })) === null) {
        throw new ServiceError('NOT_FOUND', 'app not found');
      }
      const known = await manager.findBy(DeploymentEntity, { id: In(wanted) });
      const missing = wanted.filter((id) => !known.some((deployment) => deployment.id === id));
      if (missing.length > 0) {
        throw new ServiceError('NOT_FOUND', `unknown deployments: ${missing.join(', ')}`);
      }
      const before = await this.deploymentsOf(appId, manager);
      await manager.delete(AppDeploymentEntity, { appId });
      await manager.save(
        wanted.map((deploymentId) => manager.create(AppDeploymentEntity, { appId, deploymentId })),
      );
      await this.audit.append(manager, {
        actor,
        action: 'app.deployments_set',
        subjectType: 'app',
        subjectId: appId,
        details: { before, after: wanted },
      });
      return wanted;
    });
  }

  async deploymentsOf(
    appId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string[]> {
    const rows = await manager.find(AppDeploymentEntity, {
      where: { appId },
      order: { deploymentId: 'ASC' },
    });
    return rows.map((row) => row.deploymentId);
  }

  /** Runs a registry change in one transaction; a unique-key clash becomes a CONFLICT refusal. */
  async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ServiceError('CONFLICT', uniqueViolationMessage(error));
      }
      throw error;
    }
  }
}

type DeclaredIdentity = Pick<
  AppEntity,
  | 'androidPackage'
  | 'androidSigningDigests'
  | 'androidMinVersionCode'
  | 'iosTeamId'
  | 'iosBundleId'
  | 'iosEnvironment'
>;

/** The identity a platform will attest to; each platform needs its own fields and no others. */
function declaredIdentity(dto: CreateAppDto): DeclaredIdentity {
  if (dto.platform === 'android') {
    if (dto.androidPackage === undefined || (dto.androidSigningDigests ?? []).length === 0) {
      throw new ServiceError(
        'INVALID_REQUEST',
        'android apps need androidPackage and androidSigningDigests',
      );
    }
    if (dto.iosTeamId !== undefined || dto.iosBundleId !== undefined) {
      throw new ServiceError('INVALID_REQUEST', 'android apps take no iOS identity');
    }
    return {
      androidPackage: dto.androidPackage,
      androidSigningDigests: [...new Set(dto.androidSigningDigests)],
      androidMinVersionCode: dto.androidMinVersionCode?.toString() ?? null,
      iosTeamId: null,
      iosBundleId: null,
      iosEnvironment: null,
    };
  }
  if (
    dto.iosTeamId === undefined ||
    dto.iosBundleId === undefined ||
    dto.iosEnvironment === undefined
  ) {
    throw new ServiceError(
      'INVALID_REQUEST',
      'ios apps need iosTeamId, iosBundleId and iosEnvironment',
    );
  }
  if (dto.androidPackage !== undefined || dto.androidSigningDigests !== undefined) {
    throw new ServiceError('INVALID_REQUEST', 'ios apps take no Android identity');
  }
  return {
    androidPackage: null,
    androidSigningDigests: [],
    androidMinVersionCode: null,
    iosTeamId: dto.iosTeamId,
    iosBundleId: dto.iosBundleId,
    iosEnvironment: dto.iosEnvironment,
  };
}

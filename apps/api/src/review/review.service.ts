import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, LessThan } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { BuildEntity } from '../builds/build.entity.js';
import type { BuildIdentity } from '../builds/build-identity.js';
import { ServiceError } from '../common/service-error.js';
import { AppEntity } from '../registry/app.entity.js';
import { OrganisationEntity } from '../registry/organisation.entity.js';
import { RegistryService } from '../registry/registry.service.js';
import { type Change, changesSince, revokedInSubmission } from './changes.js';
import { RevocationEntity } from './revocation.entity.js';

export interface Submission {
  readonly build: BuildEntity;
  readonly app: AppEntity;
  readonly organisation: OrganisationEntity;
  readonly previousApproved: BuildEntity | null;
  readonly changes: readonly Change[];
}

const QUEUE_LIMIT = 200;

/** The review queue and decisions on builds; approval sets the identity enrolment checks. */
@Injectable()
export class ReviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: RegistryService,
    private readonly audit: AuditService,
  ) {}

  async queue(): Promise<Submission[]> {
    const pending = await this.dataSource
      .getRepository(BuildEntity)
      .find({ where: { status: 'pending' }, order: { createdAt: 'ASC' }, take: QUEUE_LIMIT });
    return Promise.all(pending.map((build) => this.describe(this.dataSource.manager, build)));
  }

  async submission(buildId: string): Promise<Submission> {
    const build = await this.dataSource.getRepository(BuildEntity).findOneBy({ id: buildId });
    if (build === null || build.status === 'refused') {
      throw new ServiceError('NOT_FOUND', 'no submission with this build id');
    }
    return this.describe(this.dataSource.manager, build);
  }

  async decide(
    actor: string,
    buildId: string,
    decision: 'approve' | 'reject',
    note: string,
  ): Promise<Submission> {
    return this.registry.write(async (manager) => {
      const build = await manager.findOne(BuildEntity, {
        where: { id: buildId },
        lock: { mode: 'pessimistic_write' },
      });
      if (build === null || build.status === 'refused') {
        throw new ServiceError('NOT_FOUND', 'no submission with this build id');
      }
      if (build.status !== 'pending') {
        throw new ServiceError('INVALID_STATE_TRANSITION', `the build is already ${build.status}`);
      }
      const app = await manager.findOneOrFail(AppEntity, {
        where: { id: build.appId },
        lock: { mode: 'pessimistic_write' },
      });
      const described = await this.describe(manager, build);

      if (decision === 'approve') await this.approve(manager, actor, app, build);
      build.status = decision === 'approve' ? 'approved' : 'rejected';
      build.reviewNote = note;
      build.reviewedBy = actor;
      build.reviewedAt = new Date();
      await manager.save(build);
      await this.audit.append(manager, {
        actor,
        action: `build.${build.status}`,
        subjectType: 'build',
        subjectId: build.id,
        details: { appId: app.id, note, changes: described.changes.map((c) => c.code) },
      });
      return { ...described, build, app };
    });
  }

  /** The build's identity becomes (part of) the app's approved identity. */
  private async approve(
    manager: EntityManager,
    actor: string,
    app: AppEntity,
    build: BuildEntity,
  ): Promise<void> {
    if (app.reviewState === 'revoked') {
      throw new ServiceError(
        'INVALID_STATE_TRANSITION',
        'the app is revoked: approve the app again before approving its builds',
      );
    }
    const identity = build.identity as unknown as BuildIdentity;
    const before = approvedIdentity(app);
    if (identity.platform === 'android') {
      app.androidSigningDigests = [
        ...new Set([...app.androidSigningDigests, ...identity.appSigningCertificateSha256]),
      ];
    } else {
      app.iosTeamId = identity.teamId;
      app.iosBundleId = identity.bundleId;
      app.iosEnvironment = identity.appAttestEnvironment ?? app.iosEnvironment ?? 'production';
    }
    app.reviewState = 'approved';
    await manager.save(app);
    await this.audit.append(manager, {
      actor,
      action: 'app.identity_approved',
      subjectType: 'app',
      subjectId: app.id,
      details: { buildId: build.id, before, after: approvedIdentity(app) },
    });
  }

  private async describe(manager: EntityManager, build: BuildEntity): Promise<Submission> {
    const app = await manager.findOneByOrFail(AppEntity, { id: build.appId });
    const organisation = await manager.findOneByOrFail(OrganisationEntity, {
      id: app.organisationId,
    });
    const previousApproved = await manager.findOne(BuildEntity, {
      where: { appId: build.appId, status: 'approved', createdAt: LessThan(build.createdAt) },
      order: { reviewedAt: 'DESC' },
    });
    const previous = (previousApproved?.identity ?? null) as BuildIdentity | null;
    const identity = build.identity as unknown as BuildIdentity;
    const revoked = await manager.findBy(RevocationEntity, { appId: build.appId });
    const changes = [
      ...changesSince(previous, identity),
      ...revokedInSubmission(identity, revoked),
    ];
    return { build, app, organisation, previousApproved, changes };
  }
}

function approvedIdentity(app: AppEntity): Record<string, unknown> {
  return app.platform === 'android'
    ? { packageName: app.androidPackage, signingDigests: app.androidSigningDigests }
    : { teamId: app.iosTeamId, bundleId: app.iosBundleId, environment: app.iosEnvironment };
}

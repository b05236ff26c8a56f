import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type BuildFacts, inspectBuild, isBuildError } from '../../../../libs/builds/src/index.js';
import { AuditService } from '../audit/audit.service.js';
import { ServiceError } from '../common/service-error.js';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/config.js';
import { AppEntity } from '../registry/app.entity.js';
import { BuildEntity } from './build.entity.js';
import { buildIdentity, requireSameApp } from './build-identity.js';
import { type ReceivedFile, receiveToFile } from './build-receiver.js';

export interface UploadRequest {
  readonly actor: string;
  readonly appId: string;
  readonly fileName: string;
  readonly declaredAppSigningSha256: string | null;
  readonly declaredLength: number | undefined;
  readonly body: Readable;
}

/** Where builds live under the data folder: finished files, and uploads still arriving. */
export const BUILDS_FOLDER = 'builds';
export const INCOMING_FOLDER = join(BUILDS_FOLDER, 'incoming');

/**
 * Receives a build: streams it to a temporary file, inspects it, and either keeps it (file
 * renamed into place, then its row) or records the refusal (no file). Nothing half-stored.
 */
@Injectable()
export class BuildUploadService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly audit: AuditService,
  ) {}

  async upload(request: UploadRequest): Promise<BuildEntity> {
    const app = await this.dataSource.getRepository(AppEntity).findOneBy({ id: request.appId });
    if (app === null) throw new ServiceError('NOT_FOUND', 'app not found');
    const maxBytes = this.config.portal.maxBuildBytes;
    if (request.declaredLength !== undefined && request.declaredLength > maxBytes) {
      return this.refuse(request, app, undefined, tooLarge(maxBytes));
    }

    let received: ReceivedFile;
    try {
      received = await receiveToFile(
        request.body,
        join(this.config.dataDir, INCOMING_FOLDER),
        maxBytes,
      );
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'BUILD_TOO_LARGE') {
        return this.refuse(request, app, undefined, error);
      }
      throw error;
    }

    try {
      const facts = await inspectBuild(received.path, { limits: { maxArchiveBytes: maxBytes } });
      const identity = buildIdentity(facts, request.declaredAppSigningSha256);
      requireSameApp(app, identity);
      return await this.keep(request, app, received, facts, identity);
    } catch (error) {
      await rm(received.path, { force: true });
      if (isBuildError(error) || isUploadRefusal(error)) {
        return this.refuse(request, app, received, error);
      }
      throw error;
    }
  }

  private async keep(
    request: UploadRequest,
    app: AppEntity,
    received: ReceivedFile,
    facts: BuildFacts,
    identity: object,
  ): Promise<BuildEntity> {
    const id = randomUUID();
    const storagePath = join(BUILDS_FOLDER, `${id}.${facts.format}`);
    const finalPath = join(this.config.dataDir, storagePath);
    await mkdir(join(this.config.dataDir, BUILDS_FOLDER), { recursive: true, mode: 0o700 });
    // A crash between this rename and the commit leaves a file with no row: BuildSweeper.
    await rename(received.path, finalPath);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const build = await manager.save(
          manager.create(BuildEntity, {
            ...this.common(request, app, received),
            id,
            status: 'pending',
            format: facts.format,
            storagePath,
            facts: facts as unknown as Record<string, unknown>,
            identity: identity as Record<string, unknown>,
          }),
        );
        await this.audit.append(manager, {
          actor: request.actor,
          action: 'build.uploaded',
          subjectType: 'build',
          subjectId: build.id,
          details: { appId: app.id, sha256: received.sha256, identity },
        });
        return build;
      });
    } catch (error) {
      await rm(finalPath, { force: true });
      throw error;
    }
  }

  /** Records why a build was refused, so the partner sees the exact reason later. */
  private async refuse(
    request: UploadRequest,
    app: AppEntity,
    received: ReceivedFile | undefined,
    error: { code: string; message: string },
  ): Promise<BuildEntity> {
    return this.dataSource.transaction(async (manager) => {
      const build = await manager.save(
        manager.create(BuildEntity, {
          ...this.common(request, app, received),
          status: 'refused',
          refusalCode: error.code,
          refusalMessage: error.message,
        }),
      );
      await this.audit.append(manager, {
        actor: request.actor,
        action: 'build.refused',
        subjectType: 'build',
        subjectId: build.id,
        details: { appId: app.id, code: error.code, sha256: received?.sha256 ?? null },
      });
      return build;
    });
  }

  private common(request: UploadRequest, app: AppEntity, received: ReceivedFile | undefined) {
    return {
      appId: app.id,
      platform: app.platform,
      format: null,
      fileName: request.fileName,
      sizeBytes: String(received?.sizeBytes ?? request.declaredLength ?? 0),
      sha256: received?.sha256 ?? null,
      storagePath: null,
      facts: null,
      identity: null,
      declaredAppSigningSha256: request.declaredAppSigningSha256,
      refusalCode: null,
      refusalMessage: null,
      uploadedBy: request.actor,
      reviewNote: null,
      reviewedBy: null,
      reviewedAt: null,
    };
  }
}

function tooLarge(maxBytes: number): ServiceError {
  return new ServiceError('BUILD_TOO_LARGE', `a build may be at most ${maxBytes} bytes`);
}

function isUploadRefusal(error: unknown): error is ServiceError {
  return (
    error instanceof ServiceError &&
    (error.code === 'BUILD_IDENTITY_MISMATCH' || error.code === 'APP_SIGNING_CERTIFICATE_REQUIRED')
  );
}

import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Allow } from '../admin/access.decorator.js';
import type { ActorRequest } from '../common/actor-request.js';
import { ServiceError } from '../common/service-error.js';
import { BuildEntity } from './build.entity.js';
import { BuildUploadService } from './build-upload.service.js';
import { type BuildView, buildView } from './build.views.js';
import { UploadQueryDto } from './dto/upload-query.dto.js';

const LIST_LIMIT = 200;
const REFUSED_STATUS = 422;

@Controller('v1')
export class BuildsController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uploads: BuildUploadService,
  ) {}

  /** The body is the build file itself (application/octet-stream), streamed to disk. */
  @Post('apps/:appId/builds')
  @Allow({ vendor: ['admin'], partner: ['admin', 'developer'], token: 'builds:write' })
  async upload(
    @Req() req: ActorRequest,
    @Res({ passthrough: true }) res: Response,
    @Param('appId', ParseUUIDPipe) appId: string,
    @Query() query: UploadQueryDto,
  ): Promise<BuildView | { error: string; message: string; requestId?: string; build: BuildView }> {
    if (req.is('application/octet-stream') !== 'application/octet-stream') {
      throw new ServiceError(
        'UNSUPPORTED_MEDIA_TYPE',
        'the build file must be sent as the body, application/octet-stream',
      );
    }
    const length = req.headers['content-length'];
    const build = await this.uploads.upload({
      actor: req.actor,
      appId,
      fileName: query.fileName,
      declaredAppSigningSha256: query.appSigningCertificateSha256 ?? null,
      declaredLength:
        length !== undefined && /^\d{1,15}$/.test(length) ? Number(length) : undefined,
      body: req,
    });
    if (build.status !== 'refused') return buildView(build);

    res.status(build.refusalCode === 'BUILD_TOO_LARGE' ? 413 : REFUSED_STATUS);
    if (!req.complete) res.setHeader('Connection', 'close');
    return {
      error: build.refusalCode ?? 'BUILD_REFUSED',
      message: build.refusalMessage ?? '',
      ...(req.id !== undefined && { requestId: req.id }),
      build: buildView(build),
    };
  }

  @Get('apps/:appId/builds')
  @Allow({
    vendor: ['admin', 'reviewer'],
    partner: ['admin', 'developer'],
    token: 'builds:read',
  })
  async list(@Param('appId', ParseUUIDPipe) appId: string): Promise<BuildView[]> {
    const builds = await this.dataSource.getRepository(BuildEntity).find({
      where: { appId },
      order: { createdAt: 'DESC' },
      take: LIST_LIMIT,
    });
    return builds.map(buildView);
  }

  @Get('builds/:buildId')
  @Allow({
    vendor: ['admin', 'reviewer'],
    partner: ['admin', 'developer'],
    token: 'builds:read',
  })
  async get(@Param('buildId', ParseUUIDPipe) buildId: string): Promise<BuildView> {
    const build = await this.dataSource.getRepository(BuildEntity).findOneBy({ id: buildId });
    if (build === null) throw new ServiceError('NOT_FOUND', 'build not found');
    return buildView(build);
  }
}

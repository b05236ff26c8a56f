import { Body, Controller, Get, Header, Put, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AdminOnly, Public } from '../admin/access.decorator.js';
import type { ActorRequest } from '../common/actor-request.js';
import { ServiceError } from '../common/service-error.js';
import { type TrustBundleView, UploadTrustBundleDto } from './dto/signing-keys.dto.js';
import { trustBundleView } from './key-views.js';
import { TrustBundleService } from './trust-bundle.service.js';

@Controller()
export class TrustBundleController {
  constructor(private readonly bundles: TrustBundleService) {}

  /** The current trust bundle, byte for byte as signed; sites may also load it from a file. */
  @Get('v1/trust-bundle')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  async download(@Res() res: Response): Promise<void> {
    const current = await this.bundles.current();
    if (current === null) {
      throw new ServiceError('NOT_FOUND', 'no trust bundle has been uploaded yet');
    }
    res.type('application/json').send(current.document);
  }

  /** Uploads a bundle signed offline; it must verify under the configured root and rise in version. */
  @Put('v1/admin/trust-bundle')
  @AdminOnly()
  async upload(
    @Req() req: ActorRequest,
    @Body() dto: UploadTrustBundleDto,
  ): Promise<TrustBundleView> {
    return trustBundleView(await this.bundles.upload(req.actor, dto.bundle));
  }
}

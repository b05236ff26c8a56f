import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { AdminOnly } from '../admin/access.decorator.js';
import type { ActorRequest } from '../common/actor-request.js';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/config.js';
import {
  AnnounceSigningKeyDto,
  type SigningKeyListView,
  type SigningKeyView,
} from './dto/signing-keys.dto.js';
import { KeyRotationService } from './key-rotation.service.js';
import { signingKeyView } from './key-views.js';

/** Token-signing key rotation, for the vendor's platform team. */
@Controller('v1/admin/signing-keys')
@AdminOnly()
export class SigningKeysController {
  constructor(
    private readonly rotation: KeyRotationService,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /** Public parts and windows; `tessera bundle sign --keys` signs them into a bundle. */
  @Get()
  async list(): Promise<SigningKeyListView> {
    const now = new Date();
    const lifetime = this.config.tokenLifetimeSeconds;
    return {
      issuer: this.config.issuer,
      tokenLifetimeSeconds: lifetime,
      keys: (await this.rotation.list()).map((key) => signingKeyView(key, now, lifetime)),
    };
  }

  /** Makes the next key, announced with its window; it signs nothing until activated. */
  @Post()
  async announce(
    @Req() req: ActorRequest,
    @Body() dto: AnnounceSigningKeyDto,
  ): Promise<SigningKeyView> {
    const key = await this.rotation.announce(
      req.actor,
      new Date(dto.notBefore),
      new Date(dto.notAfter),
    );
    return signingKeyView(key, new Date(), this.config.tokenLifetimeSeconds);
  }

  /** Switches signing to this key and retires the previous one. */
  @Post(':kid/activate')
  @HttpCode(200)
  async activate(@Req() req: ActorRequest, @Param('kid') kid: string): Promise<SigningKeyView> {
    const key = await this.rotation.activate(req.actor, kid);
    return signingKeyView(key, new Date(), this.config.tokenLifetimeSeconds);
  }
}

import { Body, Controller, Inject, Post } from '@nestjs/common';
import { Public } from '../admin/access.decorator.js';
import { decodeBase64Field } from '../common/base64.js';
import { ServiceError } from '../common/service-error.js';
import { allowsTestHooks, SERVICE_CONFIG, type ServiceConfig } from '../config/config.js';
import { ChallengeService } from './challenge.service.js';
import { type ChallengeView, SeedChallengeDto } from './dto/runtime.dto.js';

/**
 * Test and demo modes only: registers the challenge a real device's recorded evidence was made
 * with, and the time to check it at. In any other mode every route here answers 404.
 */
@Controller('v1/test')
@Public()
export class TestHooksController {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly challenges: ChallengeService,
  ) {}

  @Post('challenges')
  async seedChallenge(@Body() dto: SeedChallengeDto): Promise<ChallengeView> {
    if (!allowsTestHooks(this.config)) {
      throw new ServiceError('TEST_HOOKS_DISABLED', 'test hooks are disabled in this mode');
    }
    const seeded = await this.challenges.seed(
      decodeBase64Field('challenge', dto.challenge),
      dto.clientDataHashHex === undefined ? undefined : Buffer.from(dto.clientDataHashHex, 'hex'),
      dto.evidenceTime === undefined ? undefined : new Date(dto.evidenceTime),
    );
    return { challenge: seeded.challenge, expiresAt: seeded.expiresAt.toISOString() };
  }
}

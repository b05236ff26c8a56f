import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { Public } from '../admin/access.decorator.js';
import { RuntimeThrottlerGuard } from '../rate-limit/runtime-throttler.guard.js';
import { ChallengeService } from './challenge.service.js';
import {
  type ChallengeView,
  EnrolAndroidDto,
  EnrolIosDto,
  RefreshDto,
  type TokenView,
} from './dto/runtime.dto.js';
import { EnrolmentService } from './enrolment.service.js';
import { RefreshService } from './refresh.service.js';

/**
 * What apps on devices call. Public: the evidence itself is the credential. Every route shares
 * one per-client budget (`TESSERA_RUNTIME_PER_MINUTE`) across instances.
 */
@Controller('v1')
@Public()
@UseGuards(RuntimeThrottlerGuard)
export class RuntimeController {
  constructor(
    private readonly challenges: ChallengeService,
    private readonly enrolment: EnrolmentService,
    private readonly refreshes: RefreshService,
  ) {}

  @Post('challenges')
  async issueChallenge(): Promise<ChallengeView> {
    const issued = await this.challenges.issue();
    return { challenge: issued.challenge, expiresAt: issued.expiresAt.toISOString() };
  }

  @Post('installations/android')
  enrolAndroid(@Body() dto: EnrolAndroidDto): Promise<TokenView> {
    return this.enrolment.enrolAndroid(dto);
  }

  @Post('installations/ios')
  enrolIos(@Body() dto: EnrolIosDto): Promise<TokenView> {
    return this.enrolment.enrolIos(dto);
  }

  @Post('tokens')
  @HttpCode(200)
  refresh(@Body() dto: RefreshDto): Promise<TokenView> {
    return this.refreshes.refresh(dto);
  }
}

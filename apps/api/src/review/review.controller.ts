import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { Allow, VendorStaff } from '../admin/access.decorator.js';
import type { ActorRequest } from '../common/actor-request.js';
import { RegistryService } from '../registry/registry.service.js';
import { BuildDecisionDto, RevokeDto } from './dto/review.dto.js';
import { RevocationService } from './revocation.service.js';
import { ReviewService, type Submission } from './review.service.js';
import {
  type RevocationView,
  revocationView,
  type SubmissionView,
  submissionView,
} from './review.views.js';

@Controller('v1')
export class ReviewController {
  constructor(
    private readonly review: ReviewService,
    private readonly revocations: RevocationService,
    private readonly registry: RegistryService,
  ) {}

  @Get('review/queue')
  @VendorStaff()
  async queue(): Promise<SubmissionView[]> {
    return Promise.all((await this.review.queue()).map((s) => this.view(s)));
  }

  @Get('review/builds/:buildId')
  @VendorStaff()
  async submission(@Param('buildId', ParseUUIDPipe) buildId: string): Promise<SubmissionView> {
    return this.view(await this.review.submission(buildId));
  }

  @Post('review/builds/:buildId/decision')
  @VendorStaff()
  @HttpCode(200)
  async decide(
    @Req() req: ActorRequest,
    @Param('buildId', ParseUUIDPipe) buildId: string,
    @Body() dto: BuildDecisionDto,
  ): Promise<SubmissionView> {
    return this.view(await this.review.decide(req.actor, buildId, dto.decision, dto.note));
  }

  @Post('review/apps/:appId/revocations')
  @VendorStaff()
  async revoke(
    @Req() req: ActorRequest,
    @Param('appId', ParseUUIDPipe) appId: string,
    @Body() dto: RevokeDto,
  ): Promise<RevocationView> {
    const revocation = await this.revocations.revoke(
      req.actor,
      appId,
      dto.kind,
      dto.value,
      dto.note,
    );
    return revocationView(revocation);
  }

  /** Partners see what of theirs was revoked, too. */
  @Get('apps/:appId/revocations')
  @Allow({ vendor: ['admin', 'reviewer'], partner: ['admin', 'developer'] })
  async list(@Param('appId', ParseUUIDPipe) appId: string): Promise<RevocationView[]> {
    return (await this.revocations.list(appId)).map(revocationView);
  }

  private async view(submission: Submission): Promise<SubmissionView> {
    return submissionView(submission, await this.registry.deploymentsOf(submission.app.id));
  }
}

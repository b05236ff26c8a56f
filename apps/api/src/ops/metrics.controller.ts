import { Controller, Get, Header, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../admin/access.decorator.js';
import { MetricsService } from './metrics.service.js';
import { SCHEMES } from './openapi-annotations.js';
import { MetricsTokenGuard } from './metrics-token.guard.js';

/** Prometheus scrape endpoint; the admin guard lets it through, the metrics token guards it. */
@Controller('metrics')
@Public()
@UseGuards(MetricsTokenGuard)
@ApiTags('operations')
@ApiBearerAuth(SCHEMES.metrics)
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format' })
  async scrape(@Res() res: Response): Promise<void> {
    const { contentType, body } = await this.metrics.exposition();
    res.type(contentType).send(body);
  }
}

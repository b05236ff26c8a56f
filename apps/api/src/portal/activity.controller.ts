import {
  Controller,
  DefaultValuePipe,
  Get,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Query,
} from '@nestjs/common';
import { Allow } from '../admin/access.decorator.js';
import { ServiceError } from '../common/service-error.js';
import { ActivityService, type AppActivity, MAX_ACTIVITY_DAYS } from './activity.service.js';

/** Attestation activity per app, for the portal's charts and counts. */
@Controller('v1/portal/apps')
export class ActivityController {
  constructor(private readonly activity: ActivityService) {}

  /** Vendor staff, or members of the partner organisation that owns the app. */
  @Get(':appId/activity')
  @Allow({ vendor: ['admin', 'reviewer'], partner: ['admin', 'developer'] })
  appActivity(
    @Param('appId', ParseUUIDPipe) appId: string,
    @Query('days', new DefaultValuePipe(30), ParseIntPipe) days: number,
  ): Promise<AppActivity> {
    if (days < 1 || days > MAX_ACTIVITY_DAYS) {
      throw new ServiceError('INVALID_REQUEST', `days must be from 1 to ${MAX_ACTIVITY_DAYS}`);
    }
    return this.activity.appActivity(appId, days, new Date());
  }
}

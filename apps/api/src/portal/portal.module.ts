import { Module } from '@nestjs/common';
import { ActivityController } from './activity.controller.js';
import { ActivityService } from './activity.service.js';
import { PortalController } from './portal.controller.js';

/** The web portal for partners and reviewers, served from this service's own origin. */
@Module({ controllers: [PortalController, ActivityController], providers: [ActivityService] })
export class PortalModule {}

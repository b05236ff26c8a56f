import { Module } from '@nestjs/common';
import { PortalController } from './portal.controller.js';

/** The web portal for partners and reviewers, served from this service's own origin. */
@Module({ controllers: [PortalController] })
export class PortalModule {}

import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Req,
} from '@nestjs/common';
import { AdminOnly, VendorStaff } from '../admin/access.decorator.js';
import type { ActorRequest } from '../common/actor-request.js';
import {
  type AppView,
  CreateAppDto,
  CreateDeploymentDto,
  CreateOrganisationDto,
  type DeploymentView,
  type OrganisationView,
  ReviewDecisionDto,
  SetDeploymentsDto,
} from './dto/registry.dto.js';
import { RegistryService } from './registry.service.js';
import { appView, deploymentView, organisationView } from './registry.views.js';

@Controller('v1/admin')
@AdminOnly()
export class RegistryController {
  constructor(private readonly registry: RegistryService) {}

  @Post('organisations')
  async createOrganisation(
    @Req() req: ActorRequest,
    @Body() dto: CreateOrganisationDto,
  ): Promise<OrganisationView> {
    return organisationView(await this.registry.createOrganisation(req.actor, dto));
  }

  @Get('organisations')
  @VendorStaff()
  async listOrganisations(): Promise<OrganisationView[]> {
    return (await this.registry.listOrganisations()).map(organisationView);
  }

  @Post('apps')
  async createApp(@Req() req: ActorRequest, @Body() dto: CreateAppDto): Promise<AppView> {
    return appView(await this.registry.createApp(req.actor, dto), []);
  }

  @Get('apps')
  @VendorStaff()
  async listApps(): Promise<AppView[]> {
    const apps = await this.registry.listApps();
    return Promise.all(
      apps.map(async (app) => appView(app, await this.registry.deploymentsOf(app.id))),
    );
  }

  @Get('apps/:id')
  @VendorStaff()
  async getApp(@Param('id', ParseUUIDPipe) id: string): Promise<AppView> {
    return appView(await this.registry.getApp(id), await this.registry.deploymentsOf(id));
  }

  @Post('apps/:id/review')
  @VendorStaff()
  @HttpCode(200)
  async review(
    @Req() req: ActorRequest,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ReviewDecisionDto,
  ): Promise<AppView> {
    const app = await this.registry.review(req.actor, id, dto);
    return appView(app, await this.registry.deploymentsOf(id));
  }

  @Put('apps/:id/deployments')
  @VendorStaff()
  async setDeployments(
    @Req() req: ActorRequest,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SetDeploymentsDto,
  ): Promise<{ deploymentIds: string[] }> {
    return { deploymentIds: await this.registry.setDeployments(req.actor, id, dto.deploymentIds) };
  }

  @Post('deployments')
  async createDeployment(
    @Req() req: ActorRequest,
    @Body() dto: CreateDeploymentDto,
  ): Promise<DeploymentView> {
    return deploymentView(await this.registry.createDeployment(req.actor, dto));
  }

  @Get('deployments')
  @VendorStaff()
  async listDeployments(): Promise<DeploymentView[]> {
    return (await this.registry.listDeployments()).map(deploymentView);
  }
}

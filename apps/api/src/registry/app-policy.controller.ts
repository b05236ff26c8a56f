import { Body, Controller, Get, Param, ParseUUIDPipe, Put, Req } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AdminOnly } from '../admin/access.decorator.js';
import { AuditService } from '../audit/audit.service.js';
import type { ActorRequest } from '../common/actor-request.js';
import { ServiceError } from '../common/service-error.js';
import { AppEntity } from './app.entity.js';
import { type AppPolicyView, SetAppPolicyDto } from './dto/app-policy.dto.js';

function policyView(app: AppEntity): AppPolicyView {
  return { appId: app.id, enforcement: app.policyEnforcement, android: app.androidPolicy };
}

/** Per-app device policy: what evidence must show beyond being genuine, and whether to enforce. */
@Controller('v1/admin/apps/:id/policy')
@AdminOnly()
export class AppPolicyController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  @Get()
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<AppPolicyView> {
    const app = await this.dataSource.getRepository(AppEntity).findOneBy({ id });
    if (app === null) throw new ServiceError('NOT_FOUND', 'app not found');
    return policyView(app);
  }

  @Put()
  async set(
    @Req() req: ActorRequest,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SetAppPolicyDto,
  ): Promise<AppPolicyView> {
    return this.dataSource.transaction(async (manager) => {
      const app = await manager.findOne(AppEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (app === null) throw new ServiceError('NOT_FOUND', 'app not found');
      const before = policyView(app);
      app.policyEnforcement = dto.enforcement;
      app.androidPolicy = { ...(dto.android ?? {}) };
      await manager.save(app);
      await this.audit.append(manager, {
        actor: req.actor,
        action: 'app.policy_set',
        subjectType: 'app',
        subjectId: id,
        details: { before: { ...before }, after: { ...policyView(app) } },
      });
      return policyView(app);
    });
  }
}

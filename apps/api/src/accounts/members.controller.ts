import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Allow } from '../admin/access.decorator.js';
import type { MemberView } from './accounts.views.js';
import { MembershipEntity } from './membership.entity.js';

@Controller('v1/organisations/:organisationId/members')
export class MembersController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @Allow({ vendor: ['admin', 'reviewer'], partner: ['admin', 'developer'] })
  async list(
    @Param('organisationId', ParseUUIDPipe) organisationId: string,
  ): Promise<MemberView[]> {
    const rows = await this.dataSource.getRepository(MembershipEntity).find({
      where: { organisationId },
      relations: { user: true },
      order: { createdAt: 'ASC' },
    });
    return rows.map((row) => ({
      userId: row.userId,
      email: row.user?.email ?? '',
      displayName: row.user?.displayName ?? '',
      role: row.role,
      joinedAt: row.createdAt.toISOString(),
    }));
  }
}

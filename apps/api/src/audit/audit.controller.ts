import { Controller, DefaultValuePipe, Get, ParseIntPipe, Query } from '@nestjs/common';
import { VendorStaff } from '../admin/access.decorator.js';
import type { AuditChainReport } from './audit.service.js';
import { AuditService } from './audit.service.js';

export interface AuditEntryView {
  seq: string;
  recordedAt: string;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  details: Record<string, unknown>;
  previousHash: string;
  hash: string;
}

const MAX_PAGE = 500;

@Controller('v1/admin/audit')
@VendorStaff()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  async list(
    @Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit: number,
    @Query('before') before?: string,
  ): Promise<AuditEntryView[]> {
    const beforeSeq = before !== undefined && /^\d{1,18}$/.test(before) ? before : undefined;
    const entries = await this.audit.list(Math.min(Math.max(limit, 1), MAX_PAGE), beforeSeq);
    return entries.map((entry) => ({ ...entry, recordedAt: entry.recordedAt.toISOString() }));
  }

  @Get('verify')
  verify(): Promise<AuditChainReport> {
    return this.audit.verifyChain();
  }
}

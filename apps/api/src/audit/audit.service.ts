import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity.js';
import { auditEntryHash, GENESIS_HASH } from './audit-hash.js';

export interface AuditEvent {
  readonly actor: string;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly details?: Record<string, unknown>;
}

export interface AuditChainReport {
  readonly entries: number;
  readonly intact: boolean;
  /** The first entry whose hash or link does not match, when the chain is broken. */
  readonly firstBrokenSeq?: string;
}

/** Serialises appends across instances, so each entry links to exactly one predecessor. */
const AUDIT_LOCK_ID = 7_411_002;

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Appends inside the caller's transaction, so the change and its record commit together. */
  async append(manager: EntityManager, event: AuditEvent): Promise<AuditEntryEntity> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_ID]);
    const last = await manager
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('entry')
      .orderBy('entry.seq', 'DESC')
      .limit(1)
      .getOne();
    const record = {
      seq: String(BigInt(last?.seq ?? '0') + 1n),
      recordedAt: new Date(),
      actor: event.actor,
      action: event.action,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      // Hash exactly what jsonb will hold: dates become strings, undefined members vanish.
      details: JSON.parse(JSON.stringify(event.details ?? {})) as Record<string, unknown>,
      previousHash: last?.hash ?? GENESIS_HASH,
    };
    const entry = manager.create(AuditEntryEntity, { ...record, hash: auditEntryHash(record) });
    return manager.save(entry);
  }

  async list(limit: number, beforeSeq?: string): Promise<AuditEntryEntity[]> {
    const query = this.dataSource
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('entry')
      .orderBy('entry.seq', 'DESC')
      .limit(limit);
    if (beforeSeq !== undefined) query.where('entry.seq < :beforeSeq', { beforeSeq });
    return query.getMany();
  }

  /** Recomputes every hash from the first entry on and names the first one that does not fit. */
  async verifyChain(): Promise<AuditChainReport> {
    const repository = this.dataSource.getRepository(AuditEntryEntity);
    let previousHash = GENESIS_HASH;
    let expectedSeq = 1n;
    let entries = 0;
    for (;;) {
      const page = await repository
        .createQueryBuilder('entry')
        .where('entry.seq >= :from', { from: expectedSeq.toString() })
        .orderBy('entry.seq', 'ASC')
        .limit(500)
        .getMany();
      if (page.length === 0) return { entries, intact: true };
      for (const entry of page) {
        const recomputed = auditEntryHash({ ...entry, recordedAt: new Date(entry.recordedAt) });
        const linked = entry.previousHash === previousHash && BigInt(entry.seq) === expectedSeq;
        if (!linked || recomputed !== entry.hash) {
          return { entries, intact: false, firstBrokenSeq: entry.seq };
        }
        previousHash = entry.hash;
        expectedSeq += 1n;
        entries += 1;
      }
    }
  }
}

import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/config.js';
import { ServiceError } from '../common/service-error.js';
import { ChallengeEntity } from './challenge.entity.js';

export const CHALLENGE_BYTES = 32;
const SWEEP_INTERVAL_MS = 60_000;

export interface IssuedChallenge {
  readonly challenge: string;
  readonly expiresAt: Date;
}

/** What a consumed challenge carries: test and demo modes may seed evidence facts with it. */
export interface ConsumedChallenge {
  readonly bytes: Buffer;
  readonly seededClientDataHash: Buffer | undefined;
  readonly seededEvidenceTime: Date | undefined;
}

function challengeHash(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes).digest();
}

@Injectable()
export class ChallengeService implements OnModuleInit, OnModuleDestroy {
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  onModuleInit(): void {
    this.sweeper = setInterval(
      () => void this.sweepExpired().catch(() => undefined),
      SWEEP_INTERVAL_MS,
    );
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  async issue(): Promise<IssuedChallenge> {
    const bytes = randomBytes(CHALLENGE_BYTES);
    const expiresAt = new Date(Date.now() + this.config.challengeLifetimeSeconds * 1000);
    await this.dataSource
      .getRepository(ChallengeEntity)
      .insert({ challengeHash: challengeHash(bytes), expiresAt });
    return { challenge: bytes.toString('base64url'), expiresAt };
  }

  /** Test and demo modes: registers a challenge captured with a real device's evidence. */
  async seed(
    bytes: Buffer,
    clientDataHash?: Buffer,
    evidenceTime?: Date,
  ): Promise<IssuedChallenge> {
    const expiresAt = new Date(Date.now() + this.config.challengeLifetimeSeconds * 1000);
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(ChallengeEntity)
      .values({
        challengeHash: challengeHash(bytes),
        expiresAt,
        seededClientDataHash: clientDataHash ?? null,
        seededEvidenceTime: evidenceTime ?? null,
      })
      .orUpdate(
        ['expires_at', 'seeded_client_data_hash', 'seeded_evidence_time'],
        ['challenge_hash'],
      )
      .execute();
    return { challenge: bytes.toString('base64url'), expiresAt };
  }

  /**
   * Uses a challenge up. The row is deleted in the same statement that reads it, so of two
   * requests racing with one challenge, on one instance or several, exactly one gets it.
   */
  async consume(challenge: Buffer): Promise<ConsumedChallenge> {
    const rows: unknown = await this.dataSource.query(
      `DELETE FROM challenge WHERE challenge_hash = $1
       RETURNING expires_at, seeded_client_data_hash, seeded_evidence_time`,
      [challengeHash(challenge)],
    );
    const row = firstDeletedRow(rows);
    if (row === undefined) {
      throw new ServiceError('CHALLENGE_UNKNOWN', 'challenge was never issued or is already used');
    }
    if (new Date(row.expires_at).getTime() <= Date.now()) {
      throw new ServiceError('CHALLENGE_UNKNOWN', 'challenge has expired');
    }
    return {
      bytes: challenge,
      seededClientDataHash: row.seeded_client_data_hash ?? undefined,
      seededEvidenceTime:
        row.seeded_evidence_time === null ? undefined : new Date(row.seeded_evidence_time),
    };
  }

  async sweepExpired(): Promise<number> {
    const result = await this.dataSource
      .getRepository(ChallengeEntity)
      .delete({ expiresAt: LessThan(new Date()) });
    return result.affected ?? 0;
  }
}

interface ChallengeRow {
  expires_at: string | Date;
  seeded_client_data_hash: Buffer | null;
  seeded_evidence_time: string | Date | null;
}

/** TypeORM returns `[rows, count]` for DELETE ... RETURNING on PostgreSQL. */
function firstDeletedRow(result: unknown): ChallengeRow | undefined {
  const rows =
    Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as unknown[]) : result;
  return Array.isArray(rows) ? (rows[0] as ChallengeRow | undefined) : undefined;
}

import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal, PrincipalMembership } from '../common/principal.js';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/config.js';
import { OrganisationEntity } from '../registry/organisation.entity.js';
import { MembershipEntity } from './membership.entity.js';
import { newSecret, secretHash } from './secrets.js';
import { SessionEntity } from './session.entity.js';
import { UserEntity } from './user.entity.js';

/** How often at most a session's last use is written back. */
const TOUCH_INTERVAL_MS = 60_000;

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

/** Server-side sessions: the browser holds a random secret, the database its SHA-256. */
@Injectable()
export class SessionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async create(
    manager: EntityManager,
    userId: string,
    now: Date,
  ): Promise<{ secret: string; expiresAt: Date }> {
    const secret = newSecret();
    const expiresAt = new Date(now.getTime() + this.config.portal.sessionLifetimeSeconds * 1000);
    await manager.insert(SessionEntity, {
      idSha256: secretHash(secret),
      userId,
      expiresAt,
      lastSeenAt: now,
    });
    return { secret, expiresAt };
  }

  /** The signed-in user, or undefined for an unknown, expired or idle session. */
  async authenticate(secret: string, now = new Date()): Promise<UserPrincipal | undefined> {
    const repository = this.dataSource.getRepository(SessionEntity);
    const session = await repository.findOne({
      where: { idSha256: secretHash(secret) },
      relations: { user: true },
    });
    if (session?.user === undefined) return undefined;

    const idleLimit = session.lastSeenAt.getTime() + this.config.portal.sessionIdleSeconds * 1000;
    if (session.expiresAt.getTime() <= now.getTime() || idleLimit <= now.getTime()) {
      await repository.delete({ idSha256: session.idSha256 });
      return undefined;
    }

    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      await repository.update({ idSha256: session.idSha256 }, { lastSeenAt: now });
    }
    return {
      kind: 'user',
      userId: session.user.id,
      email: session.user.email,
      displayName: session.user.displayName,
      sessionSecret: secret,
      sessionExpiresAt: session.expiresAt,
      memberships: await this.memberships(session.user.id),
    };
  }

  async destroy(secret: string): Promise<void> {
    await this.dataSource.getRepository(SessionEntity).delete({ idSha256: secretHash(secret) });
  }

  async memberships(
    userId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PrincipalMembership[]> {
    const rows = await manager
      .createQueryBuilder(MembershipEntity, 'membership')
      .innerJoinAndMapOne(
        'membership.organisation',
        OrganisationEntity,
        'organisation',
        'organisation.id = membership.organisation_id',
      )
      .where('membership.user_id = :userId', { userId })
      .orderBy('organisation.name', 'ASC')
      .getMany();
    return rows.map((row) => ({
      organisationId: row.organisationId,
      organisationName: row.organisation?.name ?? '',
      organisationKind: row.organisation?.kind ?? 'partner',
      role: row.role,
    }));
  }

  async user(userId: string): Promise<UserEntity> {
    return this.dataSource.getRepository(UserEntity).findOneByOrFail({ id: userId });
  }
}

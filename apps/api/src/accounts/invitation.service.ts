import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { ServiceError } from '../common/service-error.js';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/config.js';
import { OrganisationEntity } from '../registry/organisation.entity.js';
import { InvitationEntity } from './invitation.entity.js';
import {
  MembershipEntity,
  type MemberRole,
  PARTNER_ROLES,
  VENDOR_ROLES,
} from './membership.entity.js';
import { hashPassword } from './passwords.js';
import { newSecret, secretHash } from './secrets.js';
import { SessionService } from './session.service.js';
import type { SignedIn } from './sign-in.service.js';

export interface InvitationPreview {
  readonly email: string;
  readonly organisationName: string;
  readonly organisationKind: string;
  readonly role: MemberRole;
  readonly expiresAt: string;
}

/** Invitations by link: no mail server; the inviter passes the link on. */
@Injectable()
export class InvitationService {
  private readonly logger = new Logger('Invitation');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
  ) {}

  async invite(
    actor: string,
    organisationId: string,
    email: string,
    role: MemberRole,
  ): Promise<{ invitation: InvitationEntity; link: string }> {
    const secret = newSecret();
    const now = new Date();
    const invitation = await this.dataSource.transaction(async (manager) => {
      const organisation = await manager.findOneBy(OrganisationEntity, { id: organisationId });
      if (organisation === null) throw new ServiceError('NOT_FOUND', 'organisation not found');
      const allowed = organisation.kind === 'vendor' ? VENDOR_ROLES : PARTNER_ROLES;
      if (!allowed.includes(role)) {
        throw new ServiceError(
          'INVALID_REQUEST',
          `role must be one of ${allowed.join(', ')} in a ${organisation.kind} organisation`,
        );
      }
      const saved = await manager.save(
        manager.create(InvitationEntity, {
          tokenSha256: secretHash(secret),
          email: email.toLowerCase(),
          organisationId,
          role,
          invitedBy: actor,
          expiresAt: new Date(now.getTime() + this.config.portal.invitationLifetimeSeconds * 1000),
          acceptedAt: null,
        }),
      );
      await this.audit.append(manager, {
        actor,
        action: 'invitation.created',
        subjectType: 'invitation',
        subjectId: saved.id,
        details: { organisationId, email: saved.email, role },
      });
      return saved;
    });
    const link = `${this.config.portal.publicUrl}/portal/invitation#${secret}`;
    // No mail server: the link reaches the invitee through the inviter, and the operator's log.
    this.logger.log({ event: 'invitation_link', invitationId: invitation.id, link });
    return { invitation, link };
  }

  list(organisationId: string): Promise<InvitationEntity[]> {
    return this.dataSource
      .getRepository(InvitationEntity)
      .find({ where: { organisationId }, order: { createdAt: 'DESC' } });
  }

  async preview(secret: string, now = new Date()): Promise<InvitationPreview> {
    const invitation = await this.usable(this.dataSource.manager, secret, now, false);
    const organisation = await this.dataSource
      .getRepository(OrganisationEntity)
      .findOneByOrFail({ id: invitation.organisationId });
    return {
      email: invitation.email,
      organisationName: organisation.name,
      organisationKind: organisation.kind,
      role: invitation.role,
      expiresAt: invitation.expiresAt.toISOString(),
    };
  }

  /**
   * Makes the account for a new address, joins the organisation and signs in. An address that
   * already has an account takes no password here: its owner signs in (where the lockout
   * applies) and joins while signed in.
   */
  async accept(
    secret: string,
    password: string,
    displayName: string,
    now = new Date(),
  ): Promise<SignedIn> {
    await this.usable(this.dataSource.manager, secret, now, false);
    const passwordHash = await hashPassword(password);

    return this.dataSource.transaction(async (manager) => {
      const invitation = await this.usable(manager, secret, now, true);
      const userId = await this.newAccount(manager, invitation.email, displayName, passwordHash);
      await this.join(manager, invitation, userId, invitation.email, now);
      const session = await this.sessions.create(manager, userId, now);
      return { userId, ...session };
    });
  }

  /** The signed-in user joins the organisation; the invitation must name their address. */
  async acceptSignedIn(
    secret: string,
    user: { readonly userId: string; readonly email: string },
    now = new Date(),
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const invitation = await this.usable(manager, secret, now, true);
      if (invitation.email !== user.email) {
        throw new ServiceError('FORBIDDEN', 'this invitation is for another e-mail address');
      }
      await this.join(manager, invitation, user.userId, user.email, now);
    });
  }

  /**
   * Inserts the account unless the address has one, in one statement: of two invitations for
   * one new address accepted at once, the second finds the first's account and is refused.
   */
  private async newAccount(
    manager: EntityManager,
    email: string,
    displayName: string,
    passwordHash: string,
  ): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO user_account (email, display_name, password_hash) VALUES ($1, $2, $3)
       ON CONFLICT (email) DO NOTHING RETURNING id`,
      [email, displayName, passwordHash],
    );
    const created = rows[0];
    if (created === undefined) {
      throw new ServiceError(
        'INVITATION_NEEDS_SIGN_IN',
        'this address has an account: sign in, then accept the invitation',
      );
    }
    return created.id;
  }

  private async join(
    manager: EntityManager,
    invitation: InvitationEntity,
    userId: string,
    email: string,
    now: Date,
  ): Promise<void> {
    const { organisationId, role } = invitation;
    await manager.upsert(MembershipEntity, { userId, organisationId, role }, [
      'userId',
      'organisationId',
    ]);
    await manager.update(InvitationEntity, { id: invitation.id }, { acceptedAt: now });
    await this.audit.append(manager, {
      actor: `user:${email}`,
      action: 'invitation.accepted',
      subjectType: 'invitation',
      subjectId: invitation.id,
      details: { userId, organisationId, role },
    });
  }

  private async usable(
    manager: EntityManager,
    secret: string,
    now: Date,
    lock: boolean,
  ): Promise<InvitationEntity> {
    const invitation = await manager.findOne(InvitationEntity, {
      where: { tokenSha256: secretHash(secret) },
      ...(lock && { lock: { mode: 'pessimistic_write' as const } }),
    });
    if (
      invitation === null ||
      invitation.acceptedAt !== null ||
      invitation.expiresAt.getTime() <= now.getTime()
    ) {
      throw new ServiceError('INVITATION_INVALID', 'this invitation is unknown, used or expired');
    }
    return invitation;
  }
}

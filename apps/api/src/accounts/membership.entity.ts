import { CreateDateColumn, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrganisationEntity } from '../registry/organisation.entity.js';
import { UserEntity } from './user.entity.js';

/** Vendor organisations have admins and reviewers; partner organisations admins and developers. */
export type MemberRole = 'admin' | 'reviewer' | 'developer';
export const VENDOR_ROLES: readonly MemberRole[] = ['admin', 'reviewer'];
export const PARTNER_ROLES: readonly MemberRole[] = ['admin', 'developer'];

/** A user's role in one organisation. */
@Entity({ name: 'membership' })
export class MembershipEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ type: 'text' })
  role!: MemberRole;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

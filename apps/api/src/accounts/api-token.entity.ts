import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { OrganisationEntity } from '../registry/organisation.entity.js';

export type TokenScope = 'builds:write' | 'builds:read';
export const TOKEN_SCOPES: readonly TokenScope[] = ['builds:write', 'builds:read'];

/** A build pipeline's credential for one organisation; the secret is kept only as its SHA-256. */
@Entity({ name: 'api_token' })
@Index('api_token_organisation_id', ['organisationId'])
export class ApiTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'token_sha256', type: 'bytea', unique: true })
  tokenSha256!: Buffer;

  /** The first characters after the prefix, so people can tell their tokens apart. */
  @Column({ type: 'text' })
  hint!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', array: true })
  scopes!: TokenScope[];

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AppPlatform } from '../registry/app.entity.js';

export type InstallationState = 'active' | 'revoked';

/** One app instance on one device, enrolled with hardware-backed evidence. */
@Entity({ name: 'installation' })
@Index('installation_app_id', ['appId'])
@Index('installation_app_attest_key_id_unique', ['appAttestKeyId'], {
  unique: true,
  where: 'app_attest_key_id IS NOT NULL',
})
export class InstallationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'app_id', type: 'uuid' })
  appId!: string;

  @Column({ type: 'text' })
  platform!: AppPlatform;

  /** The proof-of-possession public key bound into every token (`cnf.jwk`). */
  @Column({ name: 'pop_jwk', type: 'jsonb' })
  popJwk!: Record<string, unknown>;

  @Column({ name: 'pop_thumbprint', type: 'text' })
  popThumbprint!: string;

  /** iOS: the App Attest key id (base64) and public key; assertions are checked against them. */
  @Column({ name: 'app_attest_key_id', type: 'text', nullable: true })
  appAttestKeyId!: string | null;

  @Column({ name: 'app_attest_public_jwk', type: 'jsonb', nullable: true })
  appAttestPublicJwk!: Record<string, unknown> | null;

  @Column({ name: 'sign_count', type: 'bigint', default: '0' })
  signCount!: string;

  @Column({ name: 'app_version', type: 'text', nullable: true })
  appVersion!: string | null;

  /** What the platform evidence said (security level, boot state, environment, ...). */
  @Column({ type: 'jsonb' })
  evidence!: Record<string, unknown>;

  @Column({ type: 'text', default: 'active' })
  state!: InstallationState;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'last_token_at', type: 'timestamptz', nullable: true })
  lastTokenAt!: Date | null;
}

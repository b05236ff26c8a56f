import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { OrganisationEntity } from './organisation.entity.js';

export type AppPlatform = 'android' | 'ios';
export type ReviewState = 'pending' | 'approved' | 'rejected' | 'revoked';
export type AppAttestEnvironment = 'production' | 'development';

/** `enforce` refuses evidence that breaks the app's device policy; `monitor` records it only. */
export type PolicyEnforcement = 'enforce' | 'monitor';

/** What an app asks of Android devices beyond genuine hardware-backed evidence. */
export interface AndroidDevicePolicy {
  requireDeviceLocked?: boolean;
  allowedVerifiedBootStates?: ('Verified' | 'SelfSigned' | 'Unverified' | 'Failed')[];
  allowedSecurityLevels?: ('TrustedEnvironment' | 'StrongBox')[];
  /** Oldest acceptable Android security patch, YYYYMM. */
  minOsPatchLevel?: number;
}

/** An app as its developer declared it: the identity that platform evidence must match. */
@Entity({ name: 'app' })
@Index('app_android_package_unique', ['androidPackage'], {
  unique: true,
  where: 'android_package IS NOT NULL',
})
@Index('app_ios_app_id_unique', ['iosTeamId', 'iosBundleId'], {
  unique: true,
  where: 'ios_bundle_id IS NOT NULL',
})
export class AppEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  platform!: AppPlatform;

  @Column({ name: 'android_package', type: 'text', nullable: true })
  androidPackage!: string | null;

  /** Lowercase hex SHA-256 of each signing certificate the phone may attest to. */
  @Column({ name: 'android_signing_digests', type: 'text', array: true, default: () => "'{}'" })
  androidSigningDigests!: string[];

  @Column({ name: 'android_min_version_code', type: 'bigint', nullable: true })
  androidMinVersionCode!: string | null;

  @Column({ name: 'ios_team_id', type: 'text', nullable: true })
  iosTeamId!: string | null;

  @Column({ name: 'ios_bundle_id', type: 'text', nullable: true })
  iosBundleId!: string | null;

  @Column({ name: 'ios_environment', type: 'text', nullable: true })
  iosEnvironment!: AppAttestEnvironment | null;

  @Column({ name: 'android_policy', type: 'jsonb', default: () => "'{}'" })
  androidPolicy!: AndroidDevicePolicy;

  @Column({ name: 'policy_enforcement', type: 'text', default: 'enforce' })
  policyEnforcement!: PolicyEnforcement;

  @Column({ name: 'review_state', type: 'text', default: 'pending' })
  reviewState!: ReviewState;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { AppEntity, type AppPlatform } from '../registry/app.entity.js';

export type BuildStatus = 'refused' | 'pending' | 'approved' | 'rejected';
export type BuildFormat = 'apk' | 'aab' | 'ipa';

/**
 * One uploaded build file. A refused upload keeps its reason but no file; an accepted one keeps
 * the file under the data folder, its SHA-256 and the facts extracted from it.
 */
@Entity({ name: 'build' })
@Index('build_app_id_created_at', ['appId', 'createdAt'])
@Index('build_pending', ['createdAt'], { where: "status = 'pending'" })
export class BuildEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'app_id', type: 'uuid' })
  appId!: string;

  @ManyToOne(() => AppEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'app_id' })
  app?: AppEntity;

  @Column({ type: 'text' })
  status!: BuildStatus;

  @Column({ type: 'text' })
  platform!: AppPlatform;

  @Column({ type: 'text', nullable: true })
  format!: BuildFormat | null;

  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  @Column({ name: 'size_bytes', type: 'bigint' })
  sizeBytes!: string;

  @Column({ type: 'text', nullable: true })
  sha256!: string | null;

  /** Relative to the data folder. */
  @Column({ name: 'storage_path', type: 'text', nullable: true })
  storagePath!: string | null;

  /** BuildFacts from libs/builds, as extracted. */
  @Column({ type: 'jsonb', nullable: true })
  facts!: Record<string, unknown> | null;

  /** The identity attestation will be checked against once approved. */
  @Column({ type: 'jsonb', nullable: true })
  identity!: Record<string, unknown> | null;

  /** Play App Signing: the certificate phones attest to, declared by the partner. */
  @Column({ name: 'declared_app_signing_sha256', type: 'text', nullable: true })
  declaredAppSigningSha256!: string | null;

  @Column({ name: 'refusal_code', type: 'text', nullable: true })
  refusalCode!: string | null;

  @Column({ name: 'refusal_message', type: 'text', nullable: true })
  refusalMessage!: string | null;

  @Column({ name: 'uploaded_by', type: 'text' })
  uploadedBy!: string;

  @Column({ name: 'review_note', type: 'text', nullable: true })
  reviewNote!: string | null;

  @Column({ name: 'reviewed_by', type: 'text', nullable: true })
  reviewedBy!: string | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { AppEntity } from '../registry/app.entity.js';

export type RevocationKind = 'version' | 'certificate';

/** One version or one signing certificate of an app that may no longer obtain tokens. */
@Entity({ name: 'revocation' })
@Index('revocation_app_kind_value_unique', ['appId', 'kind', 'value'], { unique: true })
export class RevocationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'app_id', type: 'uuid' })
  appId!: string;

  @ManyToOne(() => AppEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'app_id' })
  app?: AppEntity;

  @Column({ type: 'text' })
  kind!: RevocationKind;

  /** A version (Android versionCode, iOS bundle version) or a certificate's SHA-256 hex. */
  @Column({ type: 'text' })
  value!: string;

  @Column({ type: 'text' })
  note!: string;

  @Column({ name: 'revoked_by', type: 'text' })
  revokedBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

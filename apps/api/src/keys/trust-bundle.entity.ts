import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A trust bundle signed offline with the vendor's root key and uploaded for download. */
@Entity({ name: 'trust_bundle' })
export class TrustBundleEntity {
  @PrimaryColumn({ type: 'integer' })
  version!: number;

  /** The bundle exactly as signed (JWS JSON serialization). */
  @Column({ type: 'text' })
  document!: string;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  /** The service's own trust state after accepting it: rollback and root rotations. */
  @Column({ name: 'trust_state', type: 'text' })
  trustState!: string;

  @Column({ name: 'uploaded_by', type: 'text' })
  uploadedBy!: string;

  @CreateDateColumn({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt!: Date;
}

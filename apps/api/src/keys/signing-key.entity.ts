import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** announced: published, not yet signing; active: the one key that signs; retired: signs no more. */
export type SigningKeyState = 'announced' | 'active' | 'retired';

/**
 * An Ed25519 token-signing key. The private part is stored only encrypted (AES-256-GCM). It may
 * sign only inside [notBefore, notAfter); retiring it ends the window at the retirement time.
 */
@Entity({ name: 'signing_key' })
export class SigningKeyEntity {
  @PrimaryColumn({ type: 'text' })
  kid!: string;

  @Column({ name: 'public_jwk', type: 'jsonb' })
  publicJwk!: Record<string, unknown>;

  @Column({ name: 'private_key_ciphertext', type: 'bytea' })
  privateKeyCiphertext!: Buffer;

  @Column({ type: 'text' })
  state!: SigningKeyState;

  @Column({ name: 'not_before', type: 'timestamptz' })
  notBefore!: Date;

  @Column({ name: 'not_after', type: 'timestamptz' })
  notAfter!: Date;

  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt!: Date | null;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

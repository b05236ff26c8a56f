import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type SigningKeyState = 'active' | 'retired';

/** An Ed25519 token-signing key. The private part is stored only encrypted (AES-256-GCM). */
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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

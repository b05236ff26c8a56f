import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A one-time challenge. Consumed by deleting its row, so two instances cannot both use it. */
@Entity({ name: 'challenge' })
@Index('challenge_expires_at', ['expiresAt'])
export class ChallengeEntity {
  /** SHA-256 of the challenge bytes; the challenge itself is never stored. */
  @PrimaryColumn({ name: 'challenge_hash', type: 'bytea' })
  challengeHash!: Buffer;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  /** Test and demo modes only: the clientDataHash recorded with a real device's evidence. */
  @Column({ name: 'seeded_client_data_hash', type: 'bytea', nullable: true })
  seededClientDataHash!: Buffer | null;

  /** Test and demo modes only: the time at which the seeded evidence is checked. */
  @Column({ name: 'seeded_evidence_time', type: 'timestamptz', nullable: true })
  seededEvidenceTime!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

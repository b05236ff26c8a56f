import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An admin bearer credential, kept only as its SHA-256. */
@Entity({ name: 'admin_credential' })
export class AdminCredentialEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'token_sha256', type: 'bytea', unique: true })
  tokenSha256!: Buffer;

  @Column({ type: 'text' })
  label!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

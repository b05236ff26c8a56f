import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A person who signs in to the portal: vendor staff or a partner's developer. */
@Entity({ name: 'user_account' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Lowercased; one account per address. */
  @Column({ type: 'text', unique: true })
  email!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  /** Argon2id PHC string. */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  /** Failed sign-ins are counted per address in sign_in_failure (sign-in-attempts.ts). */

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

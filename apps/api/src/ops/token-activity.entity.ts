import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What happened to a token request: a token was issued, or the request was refused. */
export type TokenOutcome = 'issued' | 'refused';

/**
 * Tokens issued and refused per app, UTC day, outcome and refusal code: a rollup, one row per
 * key, added to by every instance. Issued rows carry an empty code.
 */
@Entity({ name: 'token_activity' })
export class TokenActivityEntity {
  @PrimaryColumn({
    name: 'app_id',
    type: 'uuid',
    primaryKeyConstraintName: 'token_activity_pkey',
  })
  appId!: string;

  @PrimaryColumn({ name: 'day', type: 'date', primaryKeyConstraintName: 'token_activity_pkey' })
  day!: string;

  @PrimaryColumn({ name: 'outcome', type: 'text', primaryKeyConstraintName: 'token_activity_pkey' })
  outcome!: TokenOutcome;

  @PrimaryColumn({ name: 'code', type: 'text', primaryKeyConstraintName: 'token_activity_pkey' })
  code!: string;

  @Column({ name: 'count', type: 'bigint' })
  count!: string;
}

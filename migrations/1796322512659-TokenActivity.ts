import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tokens issued and refused per app, UTC day, outcome and refusal code. */
export class TokenActivity1796322512659 implements MigrationInterface {
  name = 'TokenActivity1796322512659';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "token_activity" ("app_id" uuid NOT NULL, "day" date NOT NULL, "outcome" text NOT NULL, "code" text NOT NULL, "count" bigint NOT NULL, CONSTRAINT "token_activity_pkey" PRIMARY KEY ("app_id", "day", "outcome", "code"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "token_activity"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Sign-in attempts counted per address (known or not) instead of per account. */
export class SignInFailures1796323400000 implements MigrationInterface {
  name = 'SignInFailures1796323400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sign_in_failure" ("address_sha256" text NOT NULL, "attempts" integer NOT NULL, "locked_until" TIMESTAMP WITH TIME ZONE, "last_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "sign_in_failure_pkey" PRIMARY KEY ("address_sha256"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "sign_in_failure_last_attempt_at" ON "sign_in_failure" ("last_attempt_at") `,
    );
    await queryRunner.query(`ALTER TABLE "user_account" DROP COLUMN "failed_sign_ins"`);
    await queryRunner.query(`ALTER TABLE "user_account" DROP COLUMN "locked_until"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "user_account" ADD "locked_until" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "user_account" ADD "failed_sign_ins" integer NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(`DROP INDEX "public"."sign_in_failure_last_attempt_at"`);
    await queryRunner.query(`DROP TABLE "sign_in_failure"`);
  }
}

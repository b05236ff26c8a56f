import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signing keys get the window in which they may sign and the times they were activated and
 * retired; uploaded trust bundles get a table. Keys made before this migration keep signing
 * for a year from their creation.
 */
export class SigningKeyWindows1796321000000 implements MigrationInterface {
  name = 'SigningKeyWindows1796321000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "signing_key" ADD "not_before" TIMESTAMP WITH TIME ZONE, ADD "not_after" TIMESTAMP WITH TIME ZONE, ADD "activated_at" TIMESTAMP WITH TIME ZONE, ADD "retired_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `UPDATE "signing_key" SET "not_before" = date_trunc('second', "created_at"), "not_after" = date_trunc('second', "created_at") + interval '365 days', "activated_at" = CASE WHEN "state" = 'active' THEN "created_at" END, "retired_at" = CASE WHEN "state" = 'retired' THEN now() END`,
    );
    await queryRunner.query(
      `ALTER TABLE "signing_key" ALTER COLUMN "not_before" SET NOT NULL, ALTER COLUMN "not_after" SET NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "trust_bundle" ("version" integer NOT NULL, "document" text NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "trust_state" text NOT NULL, "uploaded_by" text NOT NULL, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_95be07fe6d602fdbc120c4c7df8" PRIMARY KEY ("version"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "trust_bundle"`);
    // Announced keys never signed and the old schema knows no such state.
    await queryRunner.query(`DELETE FROM "signing_key" WHERE "state" = 'announced'`);
    await queryRunner.query(
      `ALTER TABLE "signing_key" DROP COLUMN "retired_at", DROP COLUMN "activated_at", DROP COLUMN "not_after", DROP COLUMN "not_before"`,
    );
  }
}

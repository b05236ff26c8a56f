import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The registry, run-time state, signing keys and the append-only audit log. */

export class Initial1796318868333 implements MigrationInterface {
  name = 'Initial1796318868333';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "admin_credential" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_sha256" bytea NOT NULL, "label" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_7411f9a81e4c43537fbf6f70e7f" UNIQUE ("token_sha256"), CONSTRAINT "PK_53f3b3ff4fc7602f2f697681528" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_entry" ("seq" bigint NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor" text NOT NULL, "action" text NOT NULL, "subject_type" text NOT NULL, "subject_id" text NOT NULL, "details" jsonb NOT NULL, "previous_hash" text NOT NULL, "hash" text NOT NULL, CONSTRAINT "PK_bb4ea39cbd1686232d5fdda3a01" PRIMARY KEY ("seq"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "signing_key" ("kid" text NOT NULL, "public_jwk" jsonb NOT NULL, "private_key_ciphertext" bytea NOT NULL, "state" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_00d7e305393ab903d6eb06c11f9" PRIMARY KEY ("kid"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "organisation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "kind" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_d9428f9c8e3052d6617e3aab0ed" UNIQUE ("name"), CONSTRAINT "PK_c725ae234ef1b74cce43d2d00c1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "app" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "name" text NOT NULL, "platform" text NOT NULL, "android_package" text, "android_signing_digests" text array NOT NULL DEFAULT '{}', "android_min_version_code" bigint, "ios_team_id" text, "ios_bundle_id" text, "ios_environment" text, "review_state" text NOT NULL DEFAULT 'pending', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9478629fc093d229df09e560aea" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "app_ios_app_id_unique" ON "app"  ("ios_team_id", "ios_bundle_id") WHERE ios_bundle_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "app_android_package_unique" ON "app"  ("android_package") WHERE android_package IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "deployment" ("id" text NOT NULL, "name" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ee1f952fc81f37c6fea69c2e248" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "app_deployment" ("app_id" uuid NOT NULL, "deployment_id" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e84bdca56d620575968e03bedc2" PRIMARY KEY ("app_id", "deployment_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "challenge" ("challenge_hash" bytea NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "seeded_client_data_hash" bytea, "seeded_evidence_time" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_07c355b900836acf6271b30ebc1" PRIMARY KEY ("challenge_hash"))`,
    );
    await queryRunner.query(`CREATE INDEX "challenge_expires_at" ON "challenge"  ("expires_at") `);
    await queryRunner.query(
      `CREATE TABLE "installation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "app_id" uuid NOT NULL, "platform" text NOT NULL, "pop_jwk" jsonb NOT NULL, "pop_thumbprint" text NOT NULL, "app_attest_key_id" text, "app_attest_public_jwk" jsonb, "sign_count" bigint NOT NULL DEFAULT '0', "app_version" text, "evidence" jsonb NOT NULL, "state" text NOT NULL DEFAULT 'active', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_token_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_f0cd0b17a45357b5e1da1da1680" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "installation_app_attest_key_id_unique" ON "installation"  ("app_attest_key_id") WHERE app_attest_key_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "installation_app_id" ON "installation"  ("app_id") `);
    await queryRunner.query(
      `ALTER TABLE "app" ADD CONSTRAINT "FK_6b4ea0c06f99f0fdf976622654b" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "app_deployment" ADD CONSTRAINT "FK_f80222a43549c3caddfae288076" FOREIGN KEY ("app_id") REFERENCES "app"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "app_deployment" ADD CONSTRAINT "FK_6fef15e9ccbdc3dbdbb43471b26" FOREIGN KEY ("deployment_id") REFERENCES "deployment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    // The audit log only grows: a trigger refuses every UPDATE, DELETE and TRUNCATE.
    await queryRunner.query(
      `CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_entry is append-only'; END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_entry_no_update BEFORE UPDATE OR DELETE ON "audit_entry" FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON "audit_entry" FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_entry_no_truncate ON "audit_entry"`);
    await queryRunner.query(`DROP TRIGGER audit_entry_no_update ON "audit_entry"`);
    await queryRunner.query(`DROP FUNCTION audit_entry_append_only()`);
    await queryRunner.query(
      `ALTER TABLE "app_deployment" DROP CONSTRAINT "FK_6fef15e9ccbdc3dbdbb43471b26"`,
    );
    await queryRunner.query(
      `ALTER TABLE "app_deployment" DROP CONSTRAINT "FK_f80222a43549c3caddfae288076"`,
    );
    await queryRunner.query(`ALTER TABLE "app" DROP CONSTRAINT "FK_6b4ea0c06f99f0fdf976622654b"`);
    await queryRunner.query(`DROP INDEX "public"."installation_app_id"`);
    await queryRunner.query(`DROP INDEX "public"."installation_app_attest_key_id_unique"`);
    await queryRunner.query(`DROP TABLE "installation"`);
    await queryRunner.query(`DROP INDEX "public"."challenge_expires_at"`);
    await queryRunner.query(`DROP TABLE "challenge"`);
    await queryRunner.query(`DROP TABLE "app_deployment"`);
    await queryRunner.query(`DROP TABLE "deployment"`);
    await queryRunner.query(`DROP INDEX "public"."app_android_package_unique"`);
    await queryRunner.query(`DROP INDEX "public"."app_ios_app_id_unique"`);
    await queryRunner.query(`DROP TABLE "app"`);
    await queryRunner.query(`DROP TABLE "organisation"`);
    await queryRunner.query(`DROP TABLE "signing_key"`);
    await queryRunner.query(`DROP TABLE "audit_entry"`);
    await queryRunner.query(`DROP TABLE "admin_credential"`);
  }
}

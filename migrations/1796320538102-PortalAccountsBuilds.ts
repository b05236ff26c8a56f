import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Portal accounts and sessions, API tokens, uploaded builds and per-version or per-certificate revocations. */
export class PortalAccountsBuilds1796320538102 implements MigrationInterface {
  name = 'PortalAccountsBuilds1796320538102';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "api_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_sha256" bytea NOT NULL, "hint" text NOT NULL, "organisation_id" uuid NOT NULL, "name" text NOT NULL, "scopes" text array NOT NULL, "created_by" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_8550fd7e31ff92b668a03e8387d" UNIQUE ("token_sha256"), CONSTRAINT "PK_d862311c568d175c26f41bc6f98" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "api_token_organisation_id" ON "api_token"  ("organisation_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "invitation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_sha256" bytea NOT NULL, "email" text NOT NULL, "organisation_id" uuid NOT NULL, "role" text NOT NULL, "invited_by" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_90ca4ee5459788135f69630ac95" UNIQUE ("token_sha256"), CONSTRAINT "PK_beb994737756c0f18a1c1f8669c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "user_account" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "display_name" text NOT NULL, "password_hash" text NOT NULL, "failed_sign_ins" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_56a0e4bcec2b5411beafa47ffa5" UNIQUE ("email"), CONSTRAINT "PK_6acfec7285fdf9f463462de3e9f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "membership" ("user_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "role" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_83b51efdef81bac87874f7f2ebd" PRIMARY KEY ("user_id", "organisation_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "user_session" ("id_sha256" bytea NOT NULL, "user_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9708de25ffb4549fdca72efff25" PRIMARY KEY ("id_sha256"))`,
    );
    await queryRunner.query(`CREATE INDEX "user_session_user_id" ON "user_session"  ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "build" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "app_id" uuid NOT NULL, "status" text NOT NULL, "platform" text NOT NULL, "format" text, "file_name" text NOT NULL, "size_bytes" bigint NOT NULL, "sha256" text, "storage_path" text, "facts" jsonb, "identity" jsonb, "declared_app_signing_sha256" text, "refusal_code" text, "refusal_message" text, "uploaded_by" text NOT NULL, "review_note" text, "reviewed_by" text, "reviewed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5625549365ffbf46dd1c7ff342d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "build_pending" ON "build"  ("created_at") WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "build_app_id_created_at" ON "build"  ("app_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "revocation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "app_id" uuid NOT NULL, "kind" text NOT NULL, "value" text NOT NULL, "note" text NOT NULL, "revoked_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_196970016cd219911e674e75e21" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "revocation_app_kind_value_unique" ON "revocation"  ("app_id", "kind", "value") `,
    );
    await queryRunner.query(
      `ALTER TABLE "api_token" ADD CONSTRAINT "FK_5ac1adf0bb16e6e7702e7545a4f" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "invitation" ADD CONSTRAINT "FK_913833c1541e680e8112131222f" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "membership" ADD CONSTRAINT "FK_e9c72e8d29784031c96f5c6af8d" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "membership" ADD CONSTRAINT "FK_be659e88cd5ed71eef6d4122aac" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "user_session" ADD CONSTRAINT "FK_13275383dcdf095ee29f2b3455a" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "build" ADD CONSTRAINT "FK_85eccfbb6ef87ea8746cb2d13df" FOREIGN KEY ("app_id") REFERENCES "app"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "revocation" ADD CONSTRAINT "FK_b8bf9914f95e8686d105c0e361c" FOREIGN KEY ("app_id") REFERENCES "app"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "revocation" DROP CONSTRAINT "FK_b8bf9914f95e8686d105c0e361c"`,
    );
    await queryRunner.query(`ALTER TABLE "build" DROP CONSTRAINT "FK_85eccfbb6ef87ea8746cb2d13df"`);
    await queryRunner.query(
      `ALTER TABLE "user_session" DROP CONSTRAINT "FK_13275383dcdf095ee29f2b3455a"`,
    );
    await queryRunner.query(
      `ALTER TABLE "membership" DROP CONSTRAINT "FK_be659e88cd5ed71eef6d4122aac"`,
    );
    await queryRunner.query(
      `ALTER TABLE "membership" DROP CONSTRAINT "FK_e9c72e8d29784031c96f5c6af8d"`,
    );
    await queryRunner.query(
      `ALTER TABLE "invitation" DROP CONSTRAINT "FK_913833c1541e680e8112131222f"`,
    );
    await queryRunner.query(
      `ALTER TABLE "api_token" DROP CONSTRAINT "FK_5ac1adf0bb16e6e7702e7545a4f"`,
    );
    await queryRunner.query(`DROP INDEX "public"."revocation_app_kind_value_unique"`);
    await queryRunner.query(`DROP TABLE "revocation"`);
    await queryRunner.query(`DROP INDEX "public"."build_app_id_created_at"`);
    await queryRunner.query(`DROP INDEX "public"."build_pending"`);
    await queryRunner.query(`DROP TABLE "build"`);
    await queryRunner.query(`DROP INDEX "public"."user_session_user_id"`);
    await queryRunner.query(`DROP TABLE "user_session"`);
    await queryRunner.query(`DROP TABLE "membership"`);
    await queryRunner.query(`DROP TABLE "user_account"`);
    await queryRunner.query(`DROP TABLE "invitation"`);
    await queryRunner.query(`DROP INDEX "public"."api_token_organisation_id"`);
    await queryRunner.query(`DROP TABLE "api_token"`);
  }
}

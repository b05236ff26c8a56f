import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Rate-limit counters shared by every instance of the service. */
export class RateLimitHits1796322512660 implements MigrationInterface {
  name = 'RateLimitHits1796322512660';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "rate_limit_hit" ("key" text NOT NULL, "hits" integer NOT NULL, "window_ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "blocked_until" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "rate_limit_hit_pkey" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "rate_limit_hit_expires_at" ON "rate_limit_hit" ("expires_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."rate_limit_hit_expires_at"`);
    await queryRunner.query(`DROP TABLE "rate_limit_hit"`);
  }
}

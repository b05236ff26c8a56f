import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-app device policy for Android evidence, and monitor-only enforcement. */
export class AppDevicePolicy1796321100000 implements MigrationInterface {
  name = 'AppDevicePolicy1796321100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "app" ADD "android_policy" jsonb NOT NULL DEFAULT '{}'`);
    await queryRunner.query(
      `ALTER TABLE "app" ADD "policy_enforcement" text NOT NULL DEFAULT 'enforce'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "app" DROP COLUMN "policy_enforcement"`);
    await queryRunner.query(`ALTER TABLE "app" DROP COLUMN "android_policy"`);
  }
}

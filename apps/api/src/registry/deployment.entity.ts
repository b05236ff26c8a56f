import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A customer's installation of the vendor's server; tokens name it in `aud`. */
@Entity({ name: 'deployment' })
export class DeploymentEntity {
  /** A stable slug such as `st-mary-hospital-prod`, used as the token audience. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

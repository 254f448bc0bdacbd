import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('agencies')
export class AgencyEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Column({ name: 'parent_code', type: 'varchar', length: 64, nullable: true })
  parentCode!: string | null;

  @Column({ name: 'valid_from', type: 'date', nullable: true })
  validFrom!: string | null;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  @Column({ name: 'successor_code', type: 'varchar', length: 64, nullable: true })
  successorCode!: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  contacts!: unknown[];
}

@Entity('agency_groups')
export class AgencyGroupEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;
}

@Entity('agency_group_members')
export class AgencyGroupMemberEntity {
  @PrimaryColumn({ name: 'group_code', type: 'varchar', length: 64 })
  groupCode!: string;

  @PrimaryColumn({ name: 'agency_code', type: 'varchar', length: 64 })
  agencyCode!: string;
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Route parameters that name an organisation's resource, and how to find its owner. */
const OWNER_QUERIES: readonly [param: string, sql: string][] = [
  ['organisationId', 'SELECT id AS owner FROM organisation WHERE id = $1'],
  ['appId', 'SELECT organisation_id AS owner FROM app WHERE id = $1'],
  [
    'buildId',
    'SELECT app.organisation_id AS owner FROM build JOIN app ON app.id = build.app_id WHERE build.id = $1',
  ],
  ['tokenId', 'SELECT organisation_id AS owner FROM api_token WHERE id = $1'],
];

/** Finds which organisation owns the resource a route names, for partner and token access. */
@Injectable()
export class ResourceOwnerService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The owning organisation's id; undefined when the route names no such resource or it does
   * not exist. A route naming none of the known parameters cannot grant partner access.
   */
  async ownerOf(params: Readonly<Record<string, string | undefined>>): Promise<string | undefined> {
    for (const [param, sql] of OWNER_QUERIES) {
      const value = params[param];
      if (value === undefined) continue;
      if (!UUID.test(value)) return undefined;
      const rows: { owner: string }[] = await this.dataSource.query(sql, [value]);
      return rows[0]?.owner;
    }
    return undefined;
  }
}

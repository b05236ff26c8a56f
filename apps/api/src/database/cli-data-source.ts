import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source.js';

/** For the TypeORM command line (migration:generate --check). Needs DATABASE_URL. */
const url = process.env.DATABASE_URL;
if (url === undefined || url === '') throw new Error('DATABASE_URL is required');

export default new DataSource(dataSourceOptions({ url, poolSize: 2 }));

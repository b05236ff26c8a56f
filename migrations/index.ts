import { Initial1796318868333 } from './1796318868333-Initial.js';

/** Every migration, oldest first. Shipped migrations are never edited: add a new one. */
export const MIGRATIONS = [Initial1796318868333];

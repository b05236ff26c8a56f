import { Initial1796318868333 } from './1796318868333-Initial.js';
import { PortalAccountsBuilds1796320538102 } from './1796320538102-PortalAccountsBuilds.js';
import { SigningKeyWindows1796321000000 } from './1796321000000-SigningKeyWindows.js';
import { AppDevicePolicy1796321100000 } from './1796321100000-AppDevicePolicy.js';
import { TokenActivity1796322512659 } from './1796322512659-TokenActivity.js';
import { RateLimitHits1796322512660 } from './1796322512660-RateLimitHits.js';
import { SignInFailures1796323400000 } from './1796323400000-SignInFailures.js';

/** Every migration, oldest first. Shipped migrations are never edited: add a new one. */
export const MIGRATIONS = [
  Initial1796318868333,
  PortalAccountsBuilds1796320538102,
  SigningKeyWindows1796321000000,
  AppDevicePolicy1796321100000,
  TokenActivity1796322512659,
  RateLimitHits1796322512660,
  SignInFailures1796323400000,
];

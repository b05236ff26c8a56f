import type { Request } from 'express';
import type { Principal } from './principal.js';

/** A request that passed the access guard; `actor` names who acts, for the audit log. */
export interface ActorRequest extends Request {
  actor: string;
  principal: Principal;
  id?: string;
}

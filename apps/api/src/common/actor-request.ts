import type { Request } from 'express';

/** A request that passed the access guard as an admin; `actor` names who acts, for the audit log. */
export interface ActorRequest extends Request {
  actor: string;
  id?: string;
}

// Who is acting, and what they may see. Checked on the server for every request, whatever the UI shows.
import { type Role } from '#workflow';

export type ActorRole = Role | 'admin';

export interface Actor {
  userId: string | null;
  role: ActorRole;
  communeInsee: string | null;
  epciSiren: string | null;
  pole: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, role: 'system', communeInsee: null, epciSiren: null, pole: null };

export interface Scoped {
  communeInsee: string;
  epciSiren: string;
  servicePole: string;
}

/** A secretary sees her commune, an agent the services of its pole in its EPCI, a DGS its EPCI. */
export function canSee(actor: Actor, target: Scoped): boolean {
  switch (actor.role) {
    case 'secretary':
      return actor.communeInsee === target.communeInsee;
    case 'agent':
      return actor.epciSiren === target.epciSiren && actor.pole === target.servicePole;
    case 'dgs':
      return actor.epciSiren === target.epciSiren;
    case 'admin':
    case 'system':
      return true;
  }
}

/** A commune is visible to its secretary and to the agents and DGS of its EPCI. */
export function canSeeCommune(actor: Actor, commune: { insee: string; epciSiren: string | null }): boolean {
  if (actor.role === 'admin' || actor.role === 'system') return true;
  if (actor.role === 'secretary') return actor.communeInsee === commune.insee;
  return commune.epciSiren !== null && actor.epciSiren === commune.epciSiren;
}

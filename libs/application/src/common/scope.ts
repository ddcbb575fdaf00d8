// What an actor may see, as one value: it answers "may this actor see this record?" and gives the filter
// that a repository adds to a query. A secretary sees her commune; an agent the services of its pole in
// its EPCI; a DGS its EPCI; the admin and the system everything. Out of scope is always "not found".
import { type Actor } from './actor.js';

/** The filter a repository applies: each field present restricts, all together (AND). */
export interface ScopeFilter {
  communeInsee?: string;
  epciSiren?: string;
  servicePole?: string;
}

export interface ScopedRecord {
  communeInsee: string;
  epciSiren: string;
  servicePole: string;
}

export class Scope {
  private constructor(readonly filter: Readonly<ScopeFilter>, readonly unrestricted: boolean) {}

  static of(actor: Actor): Scope {
    switch (actor.role) {
      case 'secretary':
        return new Scope({ communeInsee: actor.communeInsee ?? '', ...(actor.epciSiren ? { epciSiren: actor.epciSiren } : {}) }, false);
      case 'agent':
        return new Scope({ epciSiren: actor.epciSiren ?? '', servicePole: actor.pole ?? '' }, false);
      case 'dgs':
        return new Scope({ epciSiren: actor.epciSiren ?? '' }, false);
      case 'admin':
      case 'system':
        return new Scope({}, true);
    }
  }

  /** Everything: for the system's own work (the sweep, the relay). */
  static readonly everything = new Scope({}, true);

  /** Whether one adhesion (or anything with a commune, an EPCI and a service pole) is in scope. */
  includes(record: ScopedRecord): boolean {
    const f = this.filter;
    return (
      (f.communeInsee === undefined || f.communeInsee === record.communeInsee) &&
      (f.epciSiren === undefined || f.epciSiren === record.epciSiren) &&
      (f.servicePole === undefined || f.servicePole === record.servicePole)
    );
  }

  /** A commune is visible to its secretary and to the agents and DGS of its EPCI. */
  includesCommune(commune: { insee: string; epciSiren: string | null }): boolean {
    const f = this.filter;
    return (f.communeInsee === undefined || f.communeInsee === commune.insee) && (f.epciSiren === undefined || f.epciSiren === commune.epciSiren);
  }

  /** Whether the actor may read an EPCI's catalogue, costs and reports. */
  includesEpci(siren: string): boolean {
    return this.unrestricted || this.filter.epciSiren === siren;
  }
}

// A Scope as SQL: each field of its filter present restricts the query (AND); an unrestricted scope adds nothing.
import { type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { Scope } from '../../../application/src/common/scope.js';

/** On a query of adhesions `a` joined to their service `s`. */
export function scopeAdhesions<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, scope: Scope): SelectQueryBuilder<T> {
  const f = scope.filter;
  if (f.communeInsee !== undefined) qb.andWhere('a.commune_insee = :scopeCommune', { scopeCommune: f.communeInsee });
  if (f.epciSiren !== undefined) qb.andWhere('a.epci_siren = :scopeEpci', { scopeEpci: f.epciSiren });
  if (f.servicePole !== undefined) qb.andWhere('s.pole = :scopePole', { scopePole: f.servicePole });
  return qb;
}

/** On a query of communes `c`: a commune has no pole, so an agent sees every commune of its EPCI. */
export function scopeCommunes<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, scope: Scope): SelectQueryBuilder<T> {
  const f = scope.filter;
  if (f.communeInsee !== undefined) qb.andWhere('c.insee = :scopeCommune', { scopeCommune: f.communeInsee });
  if (f.epciSiren !== undefined) qb.andWhere('c.epci_siren = :scopeEpci', { scopeEpci: f.epciSiren });
  return qb;
}

/** The join of an adhesion `a` to its service `s`: a service belongs to one EPCI's catalogue. */
export const SERVICE_OF_ADHESION = 's.epci_siren = a.epci_siren AND s.code = a.service_code';

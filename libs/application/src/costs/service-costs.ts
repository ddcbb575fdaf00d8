// What the members of one EPCI's service pay in a year, computed in one place: unit cost × forecast units,
// or the year's total split by the service's key over ALL the EPCI's members (never over the caller's scope,
// so a commune's share is the same whoever looks). Who may see which rows is decided after, by the caller.
import { annualAmountCents, splitByKeys } from '#domain';
import { type Service, type UnitCost } from '../ports/records.js';
import { type KeyMember, type Repositories } from '../ports/repositories.js';

export interface MemberCost extends KeyMember {
  /** The member's key (population, units, percentage), for keys services. */
  key: string | null;
  amountCents: number;
}

export interface ServiceYearCosts {
  cost: UnitCost | null;
  members: MemberCost[];
  /** What the EPCI bears itself (the rest of a fixed split, or a total nobody shares). */
  epciCents: number;
}

/** The members of `service` in `year` (its active adhesions, and `alsoId` whatever its state) and their amounts. */
export async function serviceYearCosts(r: Repositories, service: Service, year: number, alsoId?: string): Promise<ServiceYearCosts> {
  const [cost, members] = await Promise.all([
    r.catalogue.unitCost(service.epciSiren, service.code, year),
    r.adhesions.keyMembers(service.epciSiren, service.code, alsoId),
  ]);
  if (service.costModel === 'unit') {
    return { cost, members: members.map((m) => ({ ...m, key: null, amountCents: annualAmountCents(cost?.unitCostCents ?? 0, m.forecastUnits) })), epciCents: 0 };
  }
  const split = splitByKeys(cost?.totalCostCents ?? 0, service.keyBasis ?? 'population', members, service.keyParameters);
  return { cost, members: members.map((m, i) => ({ ...m, key: split.keys[i], amountCents: split.amountsCents[i] })), epciCents: split.epciCents };
}

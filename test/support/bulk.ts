// Bulk data for tests and benchmarks: active conventions inserted directly, with the audit trail that
// leads to them (so that "stored state = replay of the trail" holds), in a few statements.
import { randomUUID } from 'node:crypto';
import { addDays, parisDateOf, type CivilDate } from '#domain';
import { AdhesionEntity, AuditEventEntity, CommuneEntity, DEMO_EPCI_SIREN, demoUnitCosts, ServiceEntity, TypeOrmUnitOfWork, type UnitOfWork } from '#persistence';
import { adhesionInput, newAdhesion } from '#application';
import { applyEvent, initialState, parisInstant, pathToActive, stateKey, type AdhesionEvent } from '#workflow';

const at = parisInstant;

/** The events of a request that reaches force on `startDate`, all dated `day` (the one path of libs/workflow). */
export function eventsToActive(day: CivilDate, startDate: CivilDate, cstAlways = false): AdhesionEvent[] {
  return pathToActive(day, { startDate, validUntil: startDate, stepDays: 0, cstAlways });
}


/**
 * Inserts `count` active adhesions of `serviceCode`, one per commune (communes with an EPCI, in INSEE
 * order), in force since `startDate`. Needs as many communes as adhesions: import them first.
 */
export async function insertActiveAdhesions(uow: UnitOfWork, count: number, serviceCode: string, startDate: CivilDate): Promise<string[]> {
  const [communes] = await uow.read(async (m) => [
    await m.createQueryBuilder(CommuneEntity, 'c').where('c.epci_siren IS NOT NULL').orderBy('c.insee').limit(count).getMany(),
  ] as const);
  if (communes.length < count) throw new Error(`Only ${communes.length} communes for ${count} adhesions`);
  const epcis = [...new Set(communes.map((c) => c.epciSiren!))];
  await withCatalogues(uow, epcis, Number(startDate.slice(0, 4)));
  // Every EPCI's copy of the template has the same settings: the first one's serve for all.
  const service = await uow.read((m) => m.findOneByOrFail(ServiceEntity, { epciSiren: epcis[0], code: serviceCode }));
  const day = addDays(startDate, -30);
  const input = adhesionInput(service);
  let state = initialState(input);
  const trail: Array<{ event: AdhesionEvent; from: string; to: string }> = [];
  for (const event of eventsToActive(day, startDate, input.cstAlways)) {
    const result = applyEvent(state, event);
    if (!result.accepted) throw new Error(`${event.type} refused`);
    trail.push({ event, from: stateKey(state.value), to: stateKey(result.next.value) });
    state = result.next;
  }
  const created = at(day);
  const ids: string[] = [];
  const adhesions: AdhesionEntity[] = [];
  const audits: AuditEventEntity[] = [];
  for (const commune of communes) {
    const id = randomUUID();
    ids.push(id);
    adhesions.push(
      newAdhesion({ id, communeInsee: commune.insee, epciSiren: commune.epciSiren!, serviceCode, options: [], forecastUnits: '10', createdBy: 'system', at: created, state, version: trail.length + 1 }),
    );
    audits.push({ id: randomUUID(), adhesionId: id, sequence: 1, event: 'CREATED', payload: { serviceCode, input }, actorId: null, role: 'system', fromState: null, toState: 'draft', at: created });
    trail.forEach((step, index) =>
      audits.push({ id: randomUUID(), adhesionId: id, sequence: index + 2, event: step.event.type, payload: { ...step.event }, actorId: null, role: 'system', fromState: step.from, toState: step.to, at: step.event.at }),
    );
  }
  for (let i = 0; i < adhesions.length; i += 200) await uow.write((m) => m.insert(AdhesionEntity, adhesions.slice(i, i + 200) as never));
  for (let i = 0; i < audits.length; i += 500) await uow.write((m) => m.insert(AuditEventEntity, audits.slice(i, i + 500) as never));
  return ids;
}

/**
 * Gives each EPCI its copy of the template catalogue and, for `year` and the year after, the demo unit costs
 * of Angers Loire Métropole (bulk EPCIs have no costs of their own).
 */
export async function withCatalogues(uow: UnitOfWork, epcis: string[], year: number): Promise<void> {
  const ports = new TypeOrmUnitOfWork(uow.dataSource);
  for (let i = 0; i < epcis.length; i += 50) {
    await ports.write(async (r) => {
      for (const epci of epcis.slice(i, i + 50)) {
        if (!(await r.catalogue.ensureCatalogue(epci))) continue;
        for (const y of [year, year + 1]) for (const cost of demoUnitCosts(DEMO_EPCI_SIREN, y)) await r.catalogue.saveUnitCost({ ...cost, epciSiren: epci });
      }
    });
  }
}

/** A start date whose first anniversary is `days` from now (Paris): its reminders for longer offsets are due. */
export function startDateWithAnniversaryIn(days: number, now = new Date()): CivilDate {
  const anniversary = addDays(parisDateOf(now), days);
  return `${Number(anniversary.slice(0, 4)) - 1}${anniversary.slice(4)}`;
}

/** One secretary per commune and one DGS per EPCI of these adhesions, so that reminders have someone to reach. */
export async function insertRecipients(uow: UnitOfWork, adhesionIds: string[]): Promise<void> {
  const rows = await uow.read((m) =>
    m
      .createQueryBuilder(AdhesionEntity, 'a')
      .select(['a.commune_insee AS insee', 'a.epci_siren AS epci'])
      .where('a.id IN (:...ids)', { ids: adhesionIds })
      .getRawMany<{ insee: string; epci: string }>(),
  );
  const { UserEntity } = await import('#persistence');
  const existing = new Set((await uow.read((m) => m.find(UserEntity))).map((u) => u.email));
  const users = [
    ...[...new Set(rows.map((r) => r.insee))].map((insee) => ({ email: `secretaire-${insee}@test.local`, role: 'secretary' as const, communeInsee: insee, epciSiren: null })),
    ...[...new Set(rows.map((r) => r.epci))].map((epci) => ({ email: `dgs-${epci}@test.local`, role: 'dgs' as const, communeInsee: null, epciSiren: epci })),
  ]
    .filter((u) => !existing.has(u.email))
    .map((u) => ({ id: randomUUID(), displayName: u.email, passwordHash: 'not-a-login', pole: null, calendarToken: null, createdAt: new Date().toISOString(), ...u }));
  for (let i = 0; i < users.length; i += 200) await uow.write((m) => m.insert(UserEntity, users.slice(i, i + 200)));
}

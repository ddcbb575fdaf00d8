// Small typed factories for the fast tier, and a world of two EPCIs to test scope and tenancy against.
// Defaults are plausible (Angers Loire Métropole, its ADS service); ids are deterministic and increase with
// each call, so that ordering by id follows the order of creation.
import { FINAL_STATES, initialState } from '#workflow';
import { newAdhesion } from '../../src/adhesions/adhesion-row.js';
import { newLedgerRow } from '../../src/notifications/ledger-row.js';
// Plain data (no TypeORM): the template catalogue every EPCI is given.
import { templateCatalogue } from '../../../persistence/src/seed/catalogue.js';
import { type Actor } from '../../src/common/actor.js';
import {
  type Adhesion,
  type Commune,
  type Epci,
  type LedgerRow,
  type Notification,
  type Service,
  type UnitCost,
  type UsageAuditRow,
  type UsageRecord,
  type User,
} from '../../src/ports/index.js';
import { type CatalogueTemplate } from './in-memory-catalogue.repository.js';
import { InMemoryUnitOfWork } from './in-memory-unit-of-work.js';

export const DEFAULT_EPCI_SIREN = '244900015';
export const DEFAULT_COMMUNE_INSEE = '49007';
/** The instant fixtures are created at, unless told otherwise. */
export const FIXTURE_INSTANT = '2026-01-05T09:00:00.000Z';

let sequence = 0;

/** A UUID-shaped id, unique in the test file and increasing: 00000000-0000-4000-8000-000000000001, … */
export function fixtureId(): string {
  sequence++;
  return `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`;
}

export function anEpci(overrides: Partial<Epci> = {}): Epci {
  return { siren: DEFAULT_EPCI_SIREN, name: 'Angers Loire Métropole', nature: 'CU', ...overrides };
}

export function aCommune(overrides: Partial<Commune> = {}): Commune {
  return { insee: DEFAULT_COMMUNE_INSEE, siren: '214900079', name: 'Angers', population: 155_850, epciSiren: DEFAULT_EPCI_SIREN, ...overrides };
}

/** The ADS service (planning-permit instruction), paid by unit cost × equivalent building permits. */
/** A service of an EPCI's catalogue: the template's ADS (the demo catalogue every EPCI starts from). */
export function aService(overrides: Partial<Service> = {}): Service {
  const ads = templateCatalogue(overrides.epciSiren ?? DEFAULT_EPCI_SIREN).find((service) => service.code === 'ADS')!;
  return { ...ads, ...overrides };
}

export function aUnitCost(overrides: Partial<UnitCost> = {}): UnitCost {
  return {
    epciSiren: DEFAULT_EPCI_SIREN,
    serviceCode: 'ADS',
    year: 2026,
    unitCostCents: 18_000,
    totalCostCents: null,
    notifiedAt: FIXTURE_INSTANT,
    // Notified, by nobody the store knows (as a cost notified before the notifier was kept); give one if it matters.
    notifiedBy: null,
    ...overrides,
  };
}

/**
 * The units of one period of an adhesion (by default the first quarter of 2026 of an ADS adhesion of Angers),
 * recorded by the EPCI, not contested. `adhesionId` should name an adhesion of the store.
 */
export function aUsageRecord(overrides: Partial<UsageRecord> = {}): UsageRecord {
  return {
    id: fixtureId(),
    adhesionId: 'adhesion',
    epciSiren: DEFAULT_EPCI_SIREN,
    communeInsee: DEFAULT_COMMUNE_INSEE,
    serviceCode: 'ADS',
    year: 2026,
    period: 1,
    actCounts: { PC: 3, DP: 4 },
    units: '5.8',
    recordedBy: 'agent',
    recordedAt: FIXTURE_INSTANT,
    version: 1,
    contest: null,
    ...overrides,
  };
}

/** The trail row of a usage record's recording (its state after the change). */
export function aUsageAuditRow(record: UsageRecord, overrides: Partial<UsageAuditRow> = {}): UsageAuditRow {
  return {
    id: fixtureId(),
    usageId: record.id,
    adhesionId: record.adhesionId,
    action: 'recorded',
    year: record.year,
    period: record.period,
    units: record.units,
    actCounts: record.actCounts,
    comment: null,
    actorId: record.recordedBy,
    role: 'agent',
    at: record.recordedAt,
    ...overrides,
  };
}

/**
 * A user; the scope defaults follow the role: a secretary of Angers, an agent of the 'urbanisme' pole or a
 * DGS of Angers Loire Métropole, an admin of nothing in particular. A secretary's EPCI is her commune's.
 */
export function aUser(overrides: Partial<User> = {}): User {
  const id = overrides.id ?? fixtureId();
  const role = overrides.role ?? 'secretary';
  const scope: Pick<User, 'communeInsee' | 'epciSiren' | 'pole'> =
    role === 'secretary'
      ? { communeInsee: DEFAULT_COMMUNE_INSEE, epciSiren: DEFAULT_EPCI_SIREN, pole: null }
      : role === 'agent'
        ? { communeInsee: null, epciSiren: DEFAULT_EPCI_SIREN, pole: 'urbanisme' }
        : role === 'dgs'
          ? { communeInsee: null, epciSiren: DEFAULT_EPCI_SIREN, pole: null }
          : { communeInsee: null, epciSiren: null, pole: null };
  return {
    id,
    email: `${role}-${id.slice(-6)}@example.test`,
    displayName: `Test ${role}`,
    passwordHash: 'not-a-real-hash',
    sessionVersion: 0,
    role,
    ...scope,
    calendarToken: null,
    createdAt: FIXTURE_INSTANT,
    ...overrides,
  };
}

/** What the server knows of a logged-in user. */
export function actorOf(user: Pick<User, 'id' | 'role' | 'communeInsee' | 'epciSiren' | 'pole'>): Actor {
  return { userId: user.id, role: user.role, communeInsee: user.communeInsee, epciSiren: user.epciSiren, pole: user.pole };
}

/**
 * A draft adhesion of Angers to ADS, with a real initial machine snapshot. Overriding `state` changes the
 * columns only (enough for queries); a use case that restores the machine needs a matching `snapshot` too.
 * `liveKey` follows the commune, the service and the state (null once final) unless given.
 */
export function anAdhesion(overrides: Partial<Adhesion> = {}): Adhesion {
  const adhesion: Adhesion = {
    ...newAdhesion({
      id: fixtureId(),
      communeInsee: DEFAULT_COMMUNE_INSEE,
      epciSiren: DEFAULT_EPCI_SIREN,
      serviceCode: 'ADS',
      options: [],
      forecastUnits: '10',
      createdBy: 'system',
      at: FIXTURE_INSTANT,
      state: initialState({ noticePeriodMonths: 6, renewalWindowDays: 90 }),
    }),
    ...overrides,
  };
  if (!('liveKey' in overrides)) {
    const final = (FINAL_STATES as readonly string[]).includes(adhesion.state);
    adhesion.liveKey = final ? null : `${adhesion.communeInsee}:${adhesion.serviceCode}`;
  }
  return adhesion;
}

/** A renewal reminder to the commune, decided and pending (built by the one ledger-row factory). */
export function aLedgerRow(overrides: Partial<LedgerRow> = {}): LedgerRow {
  const row = newLedgerRow(
    {
      kind: 'renewal_reminder',
      adhesionId: overrides.adhesionId ?? 'adhesion',
      cycle: 1,
      offsetDays: 30,
      recipient: 'commune',
      dueAt: FIXTURE_INSTANT,
      payload: { anniversary: '2026-03-01', offset: 30, year: 1 },
    },
    FIXTURE_INSTANT,
  );
  return { ...row, id: fixtureId(), adhesionId: null, dueAt: null, ...overrides };
}

export function aNotification(overrides: Partial<Notification> & Pick<Notification, 'ledgerId' | 'userId'>): Notification {
  return {
    id: fixtureId(),
    adhesionId: null,
    kind: 'renewal_reminder',
    title: 'Renouvellement à confirmer',
    body: 'La convention arrive à échéance.',
    link: null,
    createdAt: FIXTURE_INSTANT,
    readAt: null,
    ...overrides,
  };
}

export interface TwoEpcisOptions {
  /** The year of the unit costs (default 2026). */
  year?: number;
  catalogueTemplate?: CatalogueTemplate;
}

export interface TwoEpcis {
  uow: InMemoryUnitOfWork;
  year: number;
  epcis: { a: Epci; b: Epci };
  communes: { a1: Commune; a2: Commune; b1: Commune; b2: Commune };
  /** The same code, 'ADS', in both catalogues; A's costs 180 € a unit, B's 210 €. */
  services: { adsA: Service; adsB: Service };
  unitCosts: { adsA: UnitCost; adsB: UnitCost };
  users: { secretaryA1: User; secretaryA2: User; secretaryB1: User; secretaryB2: User; dgsA: User; dgsB: User; agentA: User; admin: User };
  actors: { secretaryA1: Actor; secretaryA2: Actor; secretaryB1: Actor; secretaryB2: Actor; dgsA: Actor; dgsB: Actor; agentA: Actor; admin: Actor };
}

/**
 * Two EPCIs (A: Angers Loire Métropole, B: Nantes Métropole), two communes each, the ADS service in both
 * catalogues with different unit costs (notified), a secretary per commune, a DGS per EPCI, an agent of
 * the 'urbanisme' pole in A, and an admin. No adhesions: each test adds its own.
 */
export async function twoEpcis(options: TwoEpcisOptions = {}): Promise<TwoEpcis> {
  const year = options.year ?? 2026;
  const uow = new InMemoryUnitOfWork({ catalogueTemplate: options.catalogueTemplate });
  const epcis = {
    a: anEpci(),
    b: anEpci({ siren: '244400404', name: 'Nantes Métropole', nature: 'METRO' }),
  };
  // Populations are rounded: the fast tier needs plausible figures, not the INSEE's.
  const communes = {
    a1: aCommune(),
    a2: aCommune({ insee: '49015', siren: '214900152', name: 'Avrillé', population: 14_000 }),
    b1: aCommune({ insee: '44109', siren: '214401093', name: 'Nantes', population: 320_000, epciSiren: epcis.b.siren }),
    b2: aCommune({ insee: '44143', siren: '214401432', name: 'Rezé', population: 43_000, epciSiren: epcis.b.siren }),
  };
  const services = { adsA: aService(), adsB: aService({ epciSiren: epcis.b.siren }) };
  const unitCosts = {
    adsA: aUnitCost({ year, unitCostCents: 18_000 }),
    adsB: aUnitCost({ epciSiren: epcis.b.siren, year, unitCostCents: 21_000 }),
  };
  const secretaryOf = (commune: Commune) =>
    aUser({ role: 'secretary', communeInsee: commune.insee, epciSiren: commune.epciSiren, displayName: `Secrétariat de ${commune.name}` });
  const users = {
    secretaryA1: secretaryOf(communes.a1),
    secretaryA2: secretaryOf(communes.a2),
    secretaryB1: secretaryOf(communes.b1),
    secretaryB2: secretaryOf(communes.b2),
    dgsA: aUser({ role: 'dgs', epciSiren: epcis.a.siren, displayName: `DGS de ${epcis.a.name}` }),
    dgsB: aUser({ role: 'dgs', epciSiren: epcis.b.siren, displayName: `DGS de ${epcis.b.name}` }),
    agentA: aUser({ role: 'agent', epciSiren: epcis.a.siren, pole: 'urbanisme', displayName: 'Service commun ADS' }),
    admin: aUser({ role: 'admin', displayName: 'Administrateur' }),
  };
  await uow.seed({
    epcis: Object.values(epcis),
    communes: Object.values(communes),
    services: Object.values(services),
    unitCosts: Object.values(unitCosts),
    users: Object.values(users),
  });
  const actors = Object.fromEntries(Object.entries(users).map(([name, user]) => [name, actorOf(user)])) as TwoEpcis['actors'];
  return { uow, year, epcis, communes, services, unitCosts, users, actors };
}

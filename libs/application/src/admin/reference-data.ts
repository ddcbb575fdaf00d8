// Loading reference data: EPCIs and communes from @etalab/decoupage-administratif, the service catalogue,
// the year's unit costs, users. Idempotent: running it twice changes nothing the second time.
import { type EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  CommuneEntity,
  DEMO_CATALOGUE,
  DEMO_SHARED_TOTALS_CENTS,
  DEMO_UNIT_COSTS_CENTS,
  EpciEntity,
  ServiceEntity,
  UnitCostEntity,
  UnitOfWork,
  UserEntity,
  USER_ROLES,
  isUniqueViolation,
  loadAll,
  loadEpci,
  type EtalabCommune,
  type EtalabEpci,
} from '#persistence';
import { Conflict, NotFound } from '#workflow';
import { newId } from '../common/ids.js';
import { hashPassword } from '../common/password.js';
import { parseOrThrow } from '../common/validation.js';

const CHUNK = 500;

async function upsertEpcis(manager: EntityManager, epcis: readonly EtalabEpci[]): Promise<void> {
  for (let i = 0; i < epcis.length; i += CHUNK) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(EpciEntity)
      .values(epcis.slice(i, i + CHUNK).map((e) => ({ siren: e.siren, name: e.name, nature: e.nature })))
      .orUpdate(['name', 'nature'], ['siren'])
      .execute();
  }
}

async function upsertCommunes(manager: EntityManager, communes: readonly EtalabCommune[]): Promise<void> {
  for (let i = 0; i < communes.length; i += CHUNK) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(CommuneEntity)
      .values(
        communes.slice(i, i + CHUNK).map((c) => ({
          insee: c.insee,
          siren: c.siren,
          name: c.name,
          population: c.population,
          epciSiren: c.epciSiren,
        })),
      )
      .orUpdate(['siren', 'name', 'population', 'epci_siren'], ['insee'])
      .execute();
  }
}

/** Loads one EPCI and its member communes. */
export async function importEpci(uow: UnitOfWork, siren: string): Promise<{ epci: string; communes: number }> {
  const found = loadEpci(siren);
  if (!found) throw new NotFound(`No EPCI with SIREN ${siren}`, { siren });
  await uow.write(async (m) => {
    await upsertEpcis(m, [found.epci]);
    await upsertCommunes(m, found.communes);
  });
  return { epci: found.epci.name, communes: found.communes.length };
}

/** Loads all of France, in batches (one transaction each, so the server beside it keeps answering). */
export async function importAll(uow: UnitOfWork, onProgress?: (done: number, total: number) => void): Promise<{ epcis: number; communes: number }> {
  const { epcis, communes } = loadAll();
  const total = epcis.length + communes.length;
  for (let i = 0; i < epcis.length; i += CHUNK) {
    await uow.write((m) => upsertEpcis(m, epcis.slice(i, i + CHUNK)));
    onProgress?.(Math.min(i + CHUNK, epcis.length), total);
  }
  for (let i = 0; i < communes.length; i += CHUNK) {
    await uow.write((m) => upsertCommunes(m, communes.slice(i, i + CHUNK)));
    onProgress?.(epcis.length + Math.min(i + CHUNK, communes.length), total);
  }
  return { epcis: epcis.length, communes: communes.length };
}

/** The demo catalogue and the unit costs of a year; existing services keep their settings. */
export async function seedCatalogue(uow: UnitOfWork, year: number): Promise<void> {
  await uow.write(async (m) => {
    for (const seed of DEMO_CATALOGUE) {
      if (await m.findOneBy(ServiceEntity, { code: seed.code })) continue;
      await m.insert(ServiceEntity, {
        code: seed.code,
        name: seed.name,
        pole: seed.pole,
        description: seed.description,
        unitCode: seed.unitCode,
        unitLabel: seed.unitLabel,
        unitLabelPlural: seed.unitLabelPlural,
        options: seed.options.map((o) => ({ code: o.code, label: o.label })),
        actWeights: seed.actWeights ? { ...seed.actWeights } : null,
        noticePeriodMonths: seed.noticePeriodMonths,
        renewalWindowDays: seed.renewalWindowDays,
        reminderOffsets: [...seed.reminderOffsets],
        costModel: seed.costModel,
        keyBasis: seed.keyBasis,
      } as never);
    }
    for (const seed of DEMO_CATALOGUE) {
      if (await m.findOneBy(UnitCostEntity, { serviceCode: seed.code, year })) continue;
      const unitCostCents = (DEMO_UNIT_COSTS_CENTS as Record<string, number>)[seed.code] ?? null;
      const totalCostCents = (DEMO_SHARED_TOTALS_CENTS as Record<string, number>)[seed.code] ?? null;
      await m.insert(UnitCostEntity, { serviceCode: seed.code, year, unitCostCents, totalCostCents, notifiedAt: null });
    }
  });
}

export const createUserSchema = z
  .object({
    email: z.string().trim().toLowerCase().email().max(254),
    password: z.string().min(8).max(200),
    role: z.enum(USER_ROLES),
    displayName: z.string().trim().min(1).max(200).optional(),
    commune: z.string().regex(/^[0-9][0-9AB][0-9]{3}$/).optional(),
    epci: z.string().regex(/^\d{9}$/).optional(),
    pole: z.string().min(1).max(60).optional(),
  })
  .superRefine((u, ctx) => {
    if (u.role === 'secretary' && !u.commune) ctx.addIssue({ code: 'custom', path: ['commune'], message: 'required' });
    if ((u.role === 'dgs' || u.role === 'agent') && !u.epci) ctx.addIssue({ code: 'custom', path: ['epci'], message: 'required' });
    if (u.role === 'agent' && !u.pole) ctx.addIssue({ code: 'custom', path: ['pole'], message: 'required' });
  });

/** Creates a user with a scope: a secretary's commune, an agent's EPCI and pole, a DGS's EPCI. */
export async function createUser(uow: UnitOfWork, input: unknown, at: string): Promise<UserEntity> {
  const u = parseOrThrow(createUserSchema, input);
  const passwordHash = await hashPassword(u.password);
  return uow.write(async (m) => {
    let epciSiren = u.epci ?? null;
    if (u.commune) {
      const commune = await m.findOneBy(CommuneEntity, { insee: u.commune });
      if (!commune) throw new NotFound(`No commune ${u.commune}: import its EPCI first`, { insee: u.commune });
      epciSiren = commune.epciSiren;
    }
    if (epciSiren && !(await m.findOneBy(EpciEntity, { siren: epciSiren }))) {
      throw new NotFound(`No EPCI ${epciSiren}: import it first`, { siren: epciSiren });
    }
    const user: UserEntity = {
      id: newId(),
      email: u.email,
      displayName: u.displayName ?? u.email,
      passwordHash,
      role: u.role,
      communeInsee: u.role === 'secretary' ? u.commune! : null,
      epciSiren: u.role === 'admin' ? null : epciSiren,
      pole: u.role === 'agent' ? u.pole! : null,
      calendarToken: null,
      createdAt: at,
    };
    try {
      await m.insert(UserEntity, user);
    } catch (error) {
      if (isUniqueViolation(error)) throw new Conflict(`A user with e-mail ${u.email} exists`, { reason: 'email_taken' });
      throw error;
    }
    return user;
  });
}

export const DEMO_EPCI_SIREN = '244900015';

/** The demo accounts, one per role, listed in the README. */
export const DEMO_USERS = [
  { email: 'secretaire@mairie-avrille.fr', password: 'demo-secretaire', role: 'secretary', commune: '49015', displayName: 'Claire Martin (Avrillé)' },
  { email: 'secretaire@mairie-trelaze.fr', password: 'demo-secretaire', role: 'secretary', commune: '49353', displayName: 'Julien Petit (Trélazé)' },
  { email: 'ads@angersloiremetropole.fr', password: 'demo-agent', role: 'agent', epci: DEMO_EPCI_SIREN, pole: 'urbanisme', displayName: 'Service commun ADS' },
  { email: 'dgs@angersloiremetropole.fr', password: 'demo-dgs', role: 'dgs', epci: DEMO_EPCI_SIREN, displayName: 'Direction générale des services' },
  { email: 'admin@alacarte.local', password: 'demo-admin', role: 'admin', displayName: 'Administrateur' },
] as const;

/** On a fresh database: Angers Loire Métropole, the catalogue, this year's unit costs, one account per role. */
export async function seedDemo(uow: UnitOfWork, year: number, at: string): Promise<boolean> {
  const seeded = await uow.read((m) => m.count(UserEntity));
  if (seeded > 0) return false;
  await importEpci(uow, DEMO_EPCI_SIREN);
  await seedCatalogue(uow, year);
  for (const user of DEMO_USERS) await createUser(uow, user, at);
  return true;
}

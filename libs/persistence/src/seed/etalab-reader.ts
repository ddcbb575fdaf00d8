// Reads the communes and EPCIs shipped by `@etalab/decoupage-administratif` (v6, millésime 2026).
//
// The package's JSON files are large (communes.json ≈ 8.6 MB, epci.json ≈ 4 MB): they are read lazily, on the
// first call, parsed once and cached until `releaseEtalabDataset()` (called once an import is done). Nothing here writes anywhere.
//
// Shape of the raw data (checked against v6.0.0):
// - communes.json: `{ code, nom, type, departement, siren?, population?, … }` for every kind of commune. Only
//   `type === 'commune-actuelle'` is kept; 'arrondissement-municipal' (Paris, Lyon, Marseille), 'commune-deleguee'
//   and 'commune-associee' are skipped. Beware: a commune déléguée often has the same INSEE code as its commune
//   nouvelle (e.g. 49307 is both Loire-Authion and Saint-Mathurin-sur-Loire), so the type filter is what keeps
//   codes unique.
// - Communes carry no EPCI field: the membership comes from epci.json `membres[].code`.
// - The communes of the collectivités d'outre-mer (zone 'com': Polynésie, Nouvelle-Calédonie, Wallis-et-Futuna,
//   Saint-Pierre-et-Miquelon, TAAF…) are 'commune-actuelle' but have no SIREN and belong to no EPCI; the TAAF
//   districts and Clipperton have no population.
// - epci.json: `{ code (SIREN), nom, type ('CC' | 'CA' | 'CU' | 'METRO' | 'MET69'), modeFinancement, membres }`.
//   'MET69' is the Métropole de Lyon, a collectivité à statut particulier listed among the EPCIs.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface EtalabCommune {
  /** INSEE code, e.g. '49007'. */
  readonly insee: string;
  /** Nine digits; null for the communes of the collectivités d'outre-mer. */
  readonly siren: string | null;
  readonly name: string;
  /** Population as published with the data (null when unknown, e.g. the TAAF districts). */
  readonly population: number | null;
  /** SIREN of the EPCI the commune belongs to, or null (islands without EPCI, outre-mer). */
  readonly epciSiren: string | null;
  /** Département code, e.g. '49', '2A', '974'. */
  readonly departement: string;
}

export interface EtalabEpci {
  readonly siren: string;
  readonly name: string;
  /** Legal nature as given by the data: 'CC', 'CA', 'CU', 'METRO' or 'MET69'. */
  readonly nature: string;
  /** INSEE codes of the member communes, in ascending order. Frozen: it is shared by every caller. */
  readonly memberInsee: string[];
}

export interface EtalabDataset {
  readonly communes: readonly EtalabCommune[];
  readonly epcis: readonly EtalabEpci[];
  readonly communeByInsee: ReadonlyMap<string, EtalabCommune>;
  readonly epciBySiren: ReadonlyMap<string, EtalabEpci>;
}

const CURRENT_COMMUNE = 'commune-actuelle';

type RawRecord = Record<string, unknown>;

function fail(message: string): never {
  throw new Error(`@etalab/decoupage-administratif: ${message}`);
}

function asArray(value: unknown, what: string): RawRecord[] {
  if (!Array.isArray(value)) fail(`${what} is not an array`);
  return value as RawRecord[];
}

function requiredString(record: RawRecord, field: string, what: string): string {
  const value = record[field];
  if (typeof value !== 'string' || value === '') fail(`${what} has no string field "${field}": ${JSON.stringify(record).slice(0, 200)}`);
  return value;
}

function optionalString(record: RawRecord, field: string): string | null {
  const value = record[field];
  return typeof value === 'string' && value !== '' ? value : null;
}

function optionalCount(record: RawRecord, field: string): number | null {
  const value = record[field];
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
}

const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Builds the dataset from the raw JSON of communes.json and epci.json. Pure: exported so that the mapping can be
 * tested on small fixtures. Throws when the data is inconsistent (a member that is not a current commune, a
 * commune in two EPCIs, a duplicate code), because a seed built on it would be wrong.
 */
export function buildEtalabDataset(rawCommunes: unknown, rawEpcis: unknown): EtalabDataset {
  const epciOf = new Map<string, string>();
  const epcis: EtalabEpci[] = [];
  const epciBySiren = new Map<string, EtalabEpci>();

  for (const raw of asArray(rawEpcis, 'epci.json')) {
    const siren = requiredString(raw, 'code', 'an EPCI');
    if (epciBySiren.has(siren)) fail(`EPCI ${siren} is listed twice`);
    const memberInsee: string[] = [];
    for (const member of asArray(raw['membres'], `the members of EPCI ${siren}`)) {
      const insee = requiredString(member, 'code', `a member of EPCI ${siren}`);
      const other = epciOf.get(insee);
      if (other !== undefined) fail(`commune ${insee} belongs to both EPCI ${other} and EPCI ${siren}`);
      epciOf.set(insee, siren);
      memberInsee.push(insee);
    }
    memberInsee.sort(byCode);
    Object.freeze(memberInsee);
    const epci: EtalabEpci = Object.freeze({
      siren,
      name: requiredString(raw, 'nom', `EPCI ${siren}`),
      nature: requiredString(raw, 'type', `EPCI ${siren}`),
      memberInsee,
    });
    epcis.push(epci);
    epciBySiren.set(siren, epci);
  }

  const communes: EtalabCommune[] = [];
  const communeByInsee = new Map<string, EtalabCommune>();
  for (const raw of asArray(rawCommunes, 'communes.json')) {
    if (raw['type'] !== CURRENT_COMMUNE) continue;
    const insee = requiredString(raw, 'code', 'a commune');
    if (communeByInsee.has(insee)) fail(`commune ${insee} is listed twice as a current commune`);
    const commune: EtalabCommune = Object.freeze({
      insee,
      siren: optionalString(raw, 'siren'),
      name: requiredString(raw, 'nom', `commune ${insee}`),
      population: optionalCount(raw, 'population'),
      epciSiren: epciOf.get(insee) ?? null,
      departement: requiredString(raw, 'departement', `commune ${insee}`),
    });
    communes.push(commune);
    communeByInsee.set(insee, commune);
  }

  for (const [insee, siren] of epciOf) {
    if (!communeByInsee.has(insee)) fail(`EPCI ${siren} lists ${insee}, which is not a current commune`);
  }

  communes.sort((a, b) => byCode(a.insee, b.insee));
  epcis.sort((a, b) => byCode(a.siren, b.siren));
  return { communes, epcis, communeByInsee, epciBySiren };
}

let cached: EtalabDataset | undefined;

function readPackageJson(file: string): unknown {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('@etalab/decoupage-administratif/package.json'));
  return JSON.parse(readFileSync(join(root, 'data', file), 'utf8'));
}

/** The whole dataset, read and parsed on the first call, then cached. */
export function etalabDataset(): EtalabDataset {
  cached ??= buildEtalabDataset(readPackageJson('communes.json'), readPackageJson('epci.json'));
  return cached;
}

/** Forgets the parsed dataset; the next call reads and parses the files again. */
export function releaseEtalabDataset(): void {
  cached = undefined;
}

/** One EPCI and its member communes (ascending INSEE order), or null when the SIREN is not an EPCI of the data. */
export function loadEpci(siren: string): { epci: EtalabEpci; communes: EtalabCommune[] } | null {
  const data = etalabDataset();
  const epci = data.epciBySiren.get(siren.trim());
  if (epci === undefined) return null;
  return { epci, communes: epci.memberInsee.map((insee) => data.communeByInsee.get(insee)!) };
}

/**
 * Every EPCI (ascending SIREN) and every current commune (ascending INSEE) of France. The arrays are fresh on each
 * call; the items are shared and frozen (assigning to them throws).
 */
export function loadAll(): { epcis: EtalabEpci[]; communes: EtalabCommune[] } {
  const data = etalabDataset();
  return { epcis: [...data.epcis], communes: [...data.communes] };
}

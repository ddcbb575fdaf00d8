// The small world the repositories' tests store things in: two EPCIs, A with two communes, B with one, and
// adhesions built as the store keeps them.
import { type Adhesion, type Repositories } from '../../../application/src/ports/index.js';

export const EPCI_A = '200000001';
export const EPCI_B = '200000002';
/** The instant the adhesions are created and updated at. */
export const AT = '2026-01-10T09:00:00.000Z';

export const COMMUNES = [
  { insee: '01001', siren: '210100012', name: 'Ambérieu', population: 14_000, epciSiren: EPCI_A },
  { insee: '01002', siren: '210100020', name: 'Abergement', population: 800, epciSiren: EPCI_A },
  { insee: '02001', siren: '210200010', name: 'Laon', population: 24_000, epciSiren: EPCI_B },
];

/** Stores the two EPCIs and their communes (no catalogue yet). */
export async function upsertTwoEpcis(r: Repositories): Promise<void> {
  await r.reference.upsertEpcis([
    { siren: EPCI_A, name: 'CA du Bassin A', nature: 'CA' },
    { siren: EPCI_B, name: 'CC du Pays B', nature: 'CC' },
  ]);
  await r.reference.upsertCommunes(COMMUNES);
}

/** An adhesion of `communeInsee` to `serviceCode`, in `state`, with no deadline and no start unless given. */
export function adhesion(id: string, communeInsee: string, epciSiren: string, serviceCode: string, state: string, extra: Partial<Adhesion> = {}): Adhesion {
  return {
    id,
    communeInsee,
    epciSiren,
    serviceCode,
    liveKey: `${communeInsee}:${serviceCode}`,
    options: [],
    forecastUnits: '10',
    state,
    stateDetail: state,
    snapshot: { value: state, context: { note: 'test' } },
    machineVersion: 1,
    version: 1,
    nextDeadlineAt: null,
    nextDeadlineKind: null,
    nextDeadlineCycle: null,
    startDate: null,
    anniversaryOn: null,
    contractYear: 0,
    createdBy: 'test',
    createdAt: AT,
    updatedAt: AT,
    renews: null,
    ...extra,
  };
}

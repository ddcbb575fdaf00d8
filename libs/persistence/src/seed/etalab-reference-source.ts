// The ReferenceSource port (libs/application/src/ports/repositories.ts) over @etalab/decoupage-administratif:
// the EPCIs and communes of France as the application's plain records. The data is read once and cached by
// etalab-reader.ts; every call returns fresh objects, which the caller may keep or change.
import type { Commune, Epci } from '../../../application/src/ports/records.js';
import type { ReferenceSource } from '../../../application/src/ports/repositories.js';
import { loadAll, loadEpci, releaseEtalabDataset, type EtalabCommune, type EtalabEpci } from './etalab-reader.js';

const toEpci = (e: EtalabEpci): Epci => ({ siren: e.siren, name: e.name, nature: e.nature });

const toCommune = (c: EtalabCommune): Commune => ({ insee: c.insee, siren: c.siren, name: c.name, population: c.population, epciSiren: c.epciSiren });

export class EtalabReferenceSource implements ReferenceSource {
  /** One EPCI and its member communes (ascending INSEE), or null when the SIREN is no EPCI of the data. */
  epci(siren: string): { epci: Epci; communes: Commune[] } | null {
    const found = loadEpci(siren);
    return found === null ? null : { epci: toEpci(found.epci), communes: found.communes.map(toCommune) };
  }

  /** Every EPCI (ascending SIREN) and every current commune (ascending INSEE) of France. */
  all(): { epcis: Epci[]; communes: Commune[] } {
    const { epcis, communes } = loadAll();
    return { epcis: epcis.map(toEpci), communes: communes.map(toCommune) };
  }

  /** The parsed dataset holds about 25 MiB of heap for the life of the process: an api that seeded the demo lets it go. */
  release(): void {
    releaseEtalabDataset();
  }
}

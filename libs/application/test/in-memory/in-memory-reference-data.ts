// The EPCIs and communes of France, in memory: upserts on the SIREN and the INSEE code, idempotent.
import { type Commune, type Epci, type ReferenceData } from '../../src/ports/index.js';
import { type Tx } from './in-memory-tables.js';

export class InMemoryReferenceData implements ReferenceData {
  constructor(private readonly tx: Tx) {}

  async upsertEpcis(epcis: Epci[]): Promise<void> {
    const tables = this.tx.mutable('upsertEpcis');
    for (const epci of epcis) {
      const { siren, name, nature } = epci;
      if (tables.epcis.has(siren)) this.tx.update('epcis', siren, { siren, name, nature });
      else this.tx.insert('epcis', { siren, name, nature });
    }
  }

  async upsertCommunes(communes: Commune[]): Promise<void> {
    const tables = this.tx.mutable('upsertCommunes');
    for (const commune of communes) {
      const { insee, siren, name, population, epciSiren } = commune;
      const row = { insee, siren, name, population, epciSiren };
      if (tables.communes.has(insee)) this.tx.update('communes', insee, row);
      else this.tx.insert('communes', row);
    }
  }
}

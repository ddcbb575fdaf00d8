// Loads EPCIs and their communes from the INSEE data (ReferenceSource). Idempotent: a second run changes
// nothing. Each imported EPCI gets its own copy of the template catalogue, which it then keeps.
import { Injectable } from '@nestjs/common';
import { NotFound } from '#workflow';
import { ReferenceSource, UnitOfWork } from '../../ports/repositories.js';

const CHUNK = 500;

@Injectable()
export class ImportReferenceUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly source: ReferenceSource,
  ) {}

  /** One EPCI and its member communes. */
  async epci(siren: string): Promise<{ epci: string; communes: number }> {
    const found = this.source.epci(siren);
    if (!found) throw new NotFound(`No EPCI with SIREN ${siren}`, { siren });
    await this.uow.write(async (r) => {
      await r.reference.upsertEpcis([found.epci]);
      await r.reference.upsertCommunes(found.communes);
      await r.catalogue.ensureCatalogue(siren);
    });
    return { epci: found.epci.name, communes: found.communes.length };
  }

  /**
   * All of France, in batches (one transaction each, so that a server beside it keeps answering). Catalogues
   * are not copied here: 1,255 EPCIs would get one each whether they use the product or not; an EPCI's
   * catalogue is copied on its first user instead.
   */
  async all(onProgress?: (done: number, total: number) => void): Promise<{ epcis: number; communes: number }> {
    const { epcis, communes } = this.source.all();
    const total = epcis.length + communes.length;
    for (let i = 0; i < epcis.length; i += CHUNK) {
      await this.uow.write((r) => r.reference.upsertEpcis(epcis.slice(i, i + CHUNK)));
      onProgress?.(Math.min(i + CHUNK, epcis.length), total);
    }
    for (let i = 0; i < communes.length; i += CHUNK) {
      await this.uow.write((r) => r.reference.upsertCommunes(communes.slice(i, i + CHUNK)));
      onProgress?.(epcis.length + Math.min(i + CHUNK, communes.length), total);
    }
    return { epcis: epcis.length, communes: communes.length };
  }

  /** Once the imports of a run are done: the source may drop the data it parsed (docs/PERFORMANCE.md, P8). */
  release(): void {
    this.source.release();
  }
}

// The EPCIs and communes of France: upserts by key, in chunks (bound parameters stay under both databases' limits).
import type { Commune, Epci, ReferenceData } from '../../../application/src/ports/index.js';
import { frenchSortKey } from '#domain';
import { CommuneEntity, EpciEntity } from '../entities/index.js';
import { TypeOrmRepository } from './typeorm-repository.js';

const CHUNK = 500;

export class TypeOrmReferenceData extends TypeOrmRepository implements ReferenceData {
  async upsertEpcis(epcis: Epci[]): Promise<void> {
    for (let i = 0; i < epcis.length; i += CHUNK) {
      await this.writing(
        this.m
          .createQueryBuilder()
          .insert()
          .into(EpciEntity)
          .values(epcis.slice(i, i + CHUNK).map((e) => ({ siren: e.siren, name: e.name, nature: e.nature })))
          .orUpdate(['name', 'nature'], ['siren'])
          .execute(),
      );
    }
  }

  async upsertCommunes(communes: Commune[]): Promise<void> {
    for (let i = 0; i < communes.length; i += CHUNK) {
      await this.writing(
        this.m
          .createQueryBuilder()
          .insert()
          .into(CommuneEntity)
          .values(
            communes
              .slice(i, i + CHUNK)
              .map((c) => ({ insee: c.insee, siren: c.siren, name: c.name, nameSort: frenchSortKey(c.name), population: c.population, epciSiren: c.epciSiren })),
          )
          .orUpdate(['siren', 'name', 'name_sort', 'population', 'epci_siren'], ['insee'])
          .execute(),
      );
    }
  }
}

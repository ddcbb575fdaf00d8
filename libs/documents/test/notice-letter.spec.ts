// The notice letter as a reader sees it: sent by the party that gave notice, to the other; who, when, the
// effective date and the last day in force, the reason, the legal basis and the exit arrangements.
import { documentFileName, renderDocument, type NoticeLetterData } from '#documents';
import { textOf } from '../../../test/support/pdf-text.js';
import { aNoticeLetter, base } from './year-fixtures.js';

const read = async (data: NoticeLetterData): Promise<string> => textOf(await renderDocument(data));

describe('the notice letter', () => {
  it('is the EPCI president’s letter to the mayor when the EPCI gave notice', async () => {
    const text = await read(aNoticeLetter());
    for (const expected of [
      'Angers Loire Métropole Communauté urbaine SIREN 244900015 Le président',
      'Madame, Monsieur le Maire Mairie d’Avrillé',
      'Le 1er avril 2026',
      'Objet : notification du préavis de résiliation de la convention — service « Instruction des autorisations du droit des sols (ADS) »',
      'Réf. : convention (service commun, article L. 5211-4-2 du code général des collectivités territoriales) en vigueur depuis le 1er mars 2026',
      'J’ai l’honneur de vous notifier la décision d’Angers Loire Métropole de mettre fin, pour un motif d’intérêt général',
      'Partie à l’initiative du préavis Angers Loire Métropole',
      'Date d’effet de la résiliation 15 janvier 2027',
      'Dernier jour d’exécution de la convention 14 janvier 2027',
      'Motif d’intérêt général Réorganisation de l’instruction entre les communes',
      'moyennant un préavis de 6 mois, ici respecté',
      'le seul mécontentement d’une partie n’en constituant pas un (Conseil d’État, 27 février 2015, Commune de Béziers, n° 357028)',
      'Les unités consommées jusqu’à la date d’effet restent dues : le bilan annuel de l’année',
      'À la date d’effet, les dispositions de sortie de la convention s’appliquent',
      'Dossiers en cours :',
      'Archives :',
      'Données :',
      'Le président d’Angers Loire Métropole',
    ]) {
      expect(text).toContain(expected);
    }
    expect(documentFileName(aNoticeLetter())).toBe('préavis-de-résiliation-avrillé-ads.pdf');
  });

  it('is the mayor’s letter to the EPCI president when the commune gave notice, under the service’s own legal basis', async () => {
    const text = await read(aNoticeLetter({ party: 'commune', service: { ...base.service, legalBasis: 'mise_a_disposition' } }));
    expect(text).toContain('Mairie d’Avrillé Code INSEE 49015 Le maire');
    expect(text).toContain('Madame, Monsieur le Président d’Angers Loire Métropole');
    expect(text).toContain('J’ai l’honneur de vous notifier la décision de la commune d’Avrillé de mettre fin');
    expect(text).toContain('Partie à l’initiative du préavis La commune d’Avrillé');
    expect(text).toContain('article L. 5211-4-1');
    expect(text).toContain('l’état annuel de l’année');
    expect(text).toContain('Le maire d’Avrillé');
    expect(text).not.toContain('L. 5211-4-2');
  });
});

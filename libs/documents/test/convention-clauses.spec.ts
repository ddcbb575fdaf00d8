// The convention's mandatory clauses, read in its extracted text: the payment periodicity, the ADS weighting
// table, the processor clause (RGPD art. 28) for a service that processes personal data for the commune, the
// monitoring and annual report (CGCT L5211-39-1), liability and insurance, and the exit arrangements.
import { EXIT_CLAUSES_FR, renderDocument, type ConventionData, type ServiceInfo } from '#documents';
import { textOf } from '../../../test/support/pdf-text.js';
import { aDraftConvention, base } from './year-fixtures.js';

const ADS_SCALE = [
  { code: 'PC', label: 'Permis de construire', weight: '1' },
  { code: 'DP', label: 'Déclaration préalable', weight: '0.7' },
  { code: 'CUa', label: 'Certificat d’urbanisme d’information (CUa)', weight: '0.2' },
];
const serviceOf = (changes: Partial<ServiceInfo>): ServiceInfo => ({ ...base.service, ...changes });
const read = async (changes: Partial<ConventionData>): Promise<string> => textOf(await renderDocument(aDraftConvention(changes)));

describe('the mandatory clauses of the convention', () => {
  let ads: string;
  let purchasing: string;
  beforeAll(async () => {
    ads = await read({ service: serviceOf({ processesPersonalData: true }), actTypes: ADS_SCALE, paymentTerms: { periodicity: 'half_yearly', costRevision: 'yearly' } });
    purchasing = await read({
      service: serviceOf({ code: 'ACHATS', name: 'Groupement d’achats', legalBasis: 'mise_a_disposition', processesPersonalData: false, unitLabel: 'dossier', unitLabelPlural: 'dossiers' }),
      paymentTerms: { periodicity: 'quarterly', costRevision: 'fixed' },
    });
  });

  it('states the payment periodicity', () => {
    expect(ads).toContain('Versements Semestriels, à terme échu');
    expect(ads).toContain('La contribution de la commune est appelée par versements semestriels, à terme échu');
    expect(purchasing).toContain('Versements Trimestriels, à terme échu');
    expect(purchasing).toContain('Le remboursement est effectué par versements trimestriels, à terme échu');
    expect(purchasing).toContain('sa périodicité ne peut être supérieure à un an');
  });

  it('prints the ADS weighting table, each act type with its weight as the EPCI set it, and none for another service', () => {
    expect(ads).toContain('Les actes instruits sont pondérés en équivalents permis de construire selon le barème suivant, fixé par Angers Loire Métropole');
    expect(ads).toContain('Type d’acte Pondération Permis de construire (PC) 1 Déclaration préalable (DP) 0,7 Certificat d’urbanisme d’information (CUa) 0,2');
    expect(purchasing).not.toContain('barème');
    expect(purchasing).not.toContain('Pondération');
  });

  it('names the EPCI processor of the commune’s personal data (RGPD art. 28) for a service that processes them, and only then', () => {
    for (const expected of [
      'Article 6 — Protection des données à caractère personnel',
      'l’EPCI traite des données à caractère personnel pour le compte de la commune, responsable du traitement : il agit en qualité de sous-traitant au sens de l’article 28 du règlement (UE) 2016/679 du 27 avril 2016',
      'ne traite les données que sur instruction documentée de la commune',
      'mesures de sécurité appropriées prévues à l’article 32 du RGPD',
      'qu’avec l’autorisation écrite préalable de la commune',
      'notifie à la commune toute violation de données à caractère personnel',
      'restitue les données à la commune puis détruit les copies existantes',
      'permet la réalisation d’audits',
      'articles 37 à 39 du RGPD',
    ]) {
      expect(ads).toContain(expected);
    }
    expect(purchasing).not.toContain('sous-traitant');
    expect(purchasing).not.toContain('Protection des données à caractère personnel');
    expect(purchasing).not.toContain('articles 37 à 39');
    // The articles are numbered in order either way.
    expect(ads).toContain('Article 7 — Suivi et rapport annuel');
    expect(purchasing).toContain('Article 6 — Suivi et rapport annuel');
  });

  it('sets the monitoring committee, the yearly report and the president’s communication (L. 5211-39-1)', () => {
    expect(ads).toContain('Un comité de suivi, composé de représentants de la commune et de l’EPCI, se réunit au moins une fois par an');
    expect(ads).toContain('un rapport sur l’exécution de la présente convention, avec le bilan annuel de l’utilisation du service');
    expect(purchasing).toContain('avec l’état annuel de l’utilisation du service');
    expect(ads).toContain(
      'fait l’objet chaque année d’une communication du président au conseil communautaire lors du débat d’orientation budgétaire ou, à défaut, lors du vote du budget (article L. 5211-39-1 du code général des collectivités territoriales)',
    );
  });

  it('allocates liability and asks each party to insure it', () => {
    for (const text of [ads, purchasing]) {
      expect(text).toContain('Responsabilité et assurances');
      expect(text).toContain('les décisions relevant des pouvoirs propres du maire, qu’il signe, engagent la commune');
      expect(text).toContain('L’EPCI répond des dommages causés par les agents du service');
      expect(text).toContain('Chaque partie assure sa responsabilité civile au titre de la présente convention');
    }
  });

  it('settles the pending files, the archives and the data at the end of the convention', () => {
    for (const text of [ads, purchasing]) {
      expect(text).toMatch(/Article \d+ — Dispositions de sortie de la convention/);
      // The clauses of exit-clauses.fr.ts, the same the final notice of an ending lists.
      for (const clause of EXIT_CLAUSES_FR) expect(text).toContain(`${clause.title} : ${clause.text.slice(0, 60)}`);
      expect(text).toContain('Dossiers en cours :');
      expect(text).toContain('Archives :');
      expect(text).toContain('Données :');
    }
    // The exit article comes before the disputes, which stay last.
    expect(ads.indexOf('Dispositions de sortie')).toBeLessThan(ads.indexOf('— Litiges'));
  });
});

// The money's documents as a reader sees them: the annual statement of any calendar year of a convention, the
// unit-cost letter, and the payment clauses of the convention and the proposal. The figures are the domain's one
// money model (year-fixtures.ts); every amount printed must be one of them, to the cent.
import { createHash } from 'node:crypto';
import { formatEuros } from '#domain';
import { documentFileName, renderDocument, type DocumentData, type ServiceInfo } from '#documents';
import { textOf } from '../../../test/support/pdf-text.js';
import { aDraftConvention, aProposal, base, figuresOf, letterOf, spaced, statementOf } from './year-fixtures.js';

const euros = (cents: number): string => spaced(formatEuros(cents));
const read = async (data: DocumentData): Promise<string> => textOf(await renderDocument(data));
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const serviceOf = (changes: Partial<ServiceInfo>): ServiceInfo => ({ ...base.service, ...changes });

const ADS_SCALE = [
  { code: 'PC', label: 'Permis de construire', weight: '1' },
  { code: 'DP', label: 'Déclaration préalable', weight: '0.7' },
  { code: 'CUa', label: 'Certificat d’urbanisme d’information (CUa)', weight: '0.2' },
];

describe('the annual statement of a calendar year', () => {
  it('states a partial year with its pro rata, the units per act type and per period, the instalments, and says it is provisional while units are missing', async () => {
    // In force from 1 March 2026; half-yearly; the first half's units recorded, the second's not yet.
    const figures = figuresOf({ periodicity: 'half_yearly', actual: ['4.7', null], actCounts: [{ PC: 3, DP: 1, CUa: 3 }, null], asOf: '2026-12-15' });
    const text = await read(statementOf(figures, { actTypes: ADS_SCALE }));
    const [first, second] = figures.money.periods;
    for (const expected of [
      'BILAN ANNUEL 2026 (PROVISOIRE)',
      'BILAN ANNUEL 2026 PROVISOIRE — montants à confirmer',
      'Ce bilan est provisoire : les unités de la période suivante ne sont pas encore enregistrées : le 2d semestre 2026 ; une période n’est pas achevée : le 2d semestre 2026.',
      'Commune d’Avrillé (SIREN 214900152, code INSEE 49015)',
      'Angers Loire Métropole, communauté urbaine (SIREN 244900015)',
      'Entrée en vigueur 1er mars 2026',
      'Fin prévue 28 février 2029, au terme de ses trois ans',
      'Versements Semestriels, à terme échu',
      'Période couverte : du 1er mars au 31 décembre 2026, 306 jours sur 365',
      `Coût unitaire applicable ${euros(18_000)} par équivalent permis de construire Origine coût unitaire notifié le 10 mars 2026`,
      // Units per period, then per act type with the EPCI's weights and the weighted total.
      '1er semestre 2026 122 4,7 2d semestre 2026 184 non enregistrées',
      'Permis de construire (PC) 3 1 3',
      'Déclaration préalable (DP) 1 0,7 0,7',
      'Certificat d’urbanisme d’information (CUa) 3 0,2 0,6',
      'Total pondéré 7 4,3',
      'Unités non enregistrées pour le 2d semestre 2026 : le montant dû et le solde ne peuvent pas encore être établis.',
      `Montant prévisionnel pour une année entière ${euros(figures.money.fullYearForecastCents)}`,
      `Montant prévisionnel 2026 ${euros(figures.money.forecastCents)} (au prorata de 306 jours sur 365)`,
      'Montant dû sur les unités constatées provisoire : à établir',
      `1er semestre 2026 (du 1er mars au 30 juin 2026) 122 ${euros(first.instalmentCents)} facturé`,
      `2d semestre 2026 (du 1er juillet au 31 décembre 2026) 184 ${euros(second.instalmentCents)} non encore facturé`,
      `Total 306 ${euros(figures.money.forecastCents)} facturé : ${euros(figures.money.invoicedCents)}`,
      'Solde à établir une fois les unités de chaque période enregistrées',
      'titre de recettes émis par Angers Loire Métropole à l’encontre de la commune',
      'Certifié exact par l’ordonnateur, le président d’Angers Loire Métropole.',
      'À …………………………, le …………………………',
    ]) {
      expect(text).toContain(expected);
    }
    // The old statement's confusions are gone: no second unit cost, no contract year « sur 3 », no blanks.
    for (const absent of ['Coût unitaire des conditions en vigueur', 'année 1 sur 3', 'à renseigner', '?']) expect(text).not.toContain(absent);
    expect(first.instalmentCents + second.instalmentCents).toBe(figures.money.forecastCents);
  });

  it('is final once every period has ended with its units, and states the balance: still owed, to repay, or settled', async () => {
    const owed = figuresOf({ periodicity: 'quarterly', year: 2027, actual: ['3', '4', '2', '3.5'] });
    const repay = figuresOf({ periodicity: 'quarterly', year: 2027, actual: ['1', '2', '2', '1'] });
    const settled = figuresOf({ periodicity: 'quarterly', year: 2027, actual: ['3', '3', '2', '2'] });
    expect([owed.final, owed.money.balanceCents! > 0, repay.money.balanceCents! < 0, settled.money.balanceCents]).toEqual([true, true, true, 0]);
    const contract = [{ number: 1, from: '2027-01-01', to: '2027-02-28' }, { number: 2, from: '2027-03-01', to: '2027-12-31' }];

    const owedText = await read(statementOf(owed, { contractYears: contract }));
    expect(owedText).toContain('BILAN ANNUEL 2027 Utilisation');
    expect(owedText).not.toContain('PROVISOIRE');
    expect(owedText).not.toContain('est provisoire');
    expect(owedText).toContain(`Montant dû sur les unités constatées ${euros(owed.money.actualCents!)} (${euros(18_000)} × 12,5 équivalents permis de construire)`);
    expect(owedText).toContain(`Versements facturés ${euros(owed.money.invoicedCents)} Reste dû par la commune ${euros(owed.money.balanceCents!)}`);
    // A calendar year across an anniversary names the two contract years it spans, not « année 1 sur 3 ».
    expect(owedText).toContain('L’année civile 2027 s’étend sur deux années de la convention : la 1re du 1er janvier au 28 février 2027 et la 2e du 1er mars au 31 décembre 2027');

    const repayText = await read(statementOf(repay, { contractYears: contract }));
    expect(repayText).toContain(`Trop-perçu à reverser à la commune ${euros(-repay.money.balanceCents!)}`);
    const settledText = await read(statementOf(settled, { contractYears: contract }));
    expect(settledText).toContain('Solde soldé');
  });

  it('says which unit cost applies: notified, the convention’s for its term, or the convention’s provisionally', async () => {
    const fixed = await read(statementOf(figuresOf({ costRevision: 'fixed', source: 'convention', notifiedAt: null, actual: ['10'] })));
    expect(fixed).toContain('Origine coût unitaire de la convention, fixé pour toute sa durée');
    expect(fixed).toContain('Coût unitaire applicable Celui de la convention, pour toute sa durée');

    const provisional = await read(statementOf(figuresOf({ source: 'convention_provisional', notifiedAt: null, actual: ['10'] })));
    expect(provisional).toContain('Origine coût de la convention, à titre provisoire : le coût 2026 n’est pas encore notifié');
    expect(provisional).toContain('Ce bilan est provisoire : le coût unitaire 2026 n’est pas encore notifié : le coût de la convention s’applique à titre provisoire.');
  });

  it('is given for a year after a notice, a lapse or the end of the term, naming how the convention ended', async () => {
    // Notice effective 15 January 2027: 14 days of 2027 in force.
    const figures = figuresOf({ year: 2027, until: '2027-01-15', actual: ['0.5'] });
    expect(figures.money.days).toBe(14);
    const text = await read(
      statementOf(figures, { convention: { startDate: '2026-03-01', lastDay: '2027-01-14', ending: 'terminated', noticeEffectiveDate: '2027-01-15' } }),
    );
    expect(text).toContain('Fin 14 janvier 2027 : résiliée, avec effet au 15 janvier 2027');
    expect(text).toContain('Période couverte : du 1er janvier au 14 janvier 2027, 14 jours sur 365');
    expect(text).toContain(`Montant prévisionnel 2027 ${euros(figures.money.forecastCents)} (au prorata de 14 jours sur 365)`);

    const lapsed = await read(statementOf(figures, { convention: { startDate: '2026-03-01', lastDay: '2027-02-28', ending: 'lapsed', noticeEffectiveDate: null } }));
    expect(lapsed).toContain('Fin 28 février 2027 : non reconduite à sa date anniversaire');
    const ended = await read(statementOf(figures, { convention: { startDate: '2024-03-01', lastDay: '2027-02-28', ending: 'ended', noticeEffectiveDate: null } }));
    expect(ended).toContain('Fin 28 février 2027 : échue au terme de ses trois ans');
    const notice = await read(statementOf(figures, { convention: { startDate: '2026-03-01', lastDay: '2027-01-14', ending: 'notice', noticeEffectiveDate: '2027-01-15' } }));
    expect(notice).toContain('Fin prévue 14 janvier 2027 : préavis de résiliation prenant effet le 15 janvier 2027');
  });

  it('charges a service commun settled by compensation against the attribution de compensation (L. 5211-4-2), without a title of revenue', async () => {
    const figures = figuresOf({ actual: ['12'] });
    const text = await read(statementOf(figures, { service: serviceOf({ settlement: 'compensation' }) }));
    expect(text).toContain('il est imputé sur l’attribution de compensation versée par Angers Loire Métropole à la commune');
    expect(text).toContain('conformément à la convention de service commun (article L. 5211-4-2');
    expect(text).toContain(`Total 306 ${euros(figures.money.forecastCents)} imputé : ${euros(figures.money.invoicedCents)}`);
    expect(text).toContain('Versements imputés');
    expect(text).not.toContain('titre de recettes émis');
    // A mise à disposition is always settled by a title of revenue, and never names the attribution de compensation.
    const mad = await read(statementOf(figures, { service: serviceOf({ legalBasis: 'mise_a_disposition' }) }));
    expect(mad).toContain('ÉTAT ANNUEL 2026');
    expect(mad).toContain('titre de recettes émis par Angers Loire Métropole');
    expect(mad).not.toContain('attribution de compensation');
    expect(mad).not.toContain('L. 5211-4-2');
  });

  it('states the total, the key and the share of a service split by keys, without units', async () => {
    const figures = figuresOf({ keys: { fullYearShareCents: 312_345, key: '23890' }, periodicity: 'half_yearly' });
    const text = await read(
      statementOf(figures, { service: serviceOf({ costModel: 'keys', keyBasis: 'population', unitLabel: 'commune adhérente', unitLabelPlural: 'communes adhérentes' }), totalCostCents: 4_500_000 }),
    );
    for (const expected of [
      `Coût total 2026 du service ${euros(4_500_000)}`,
      'Origine coût total notifié le 10 mars 2026',
      'Répartition entre les communes adhérentes au prorata de leur population',
      'Clé de la commune 23 890 habitants',
      `Quote-part pour une année entière ${euros(312_345)}`,
      `Montant prévisionnel 2026 ${euros(figures.money.forecastCents)} (au prorata de 306 jours sur 365)`,
      `Montant dû ${euros(figures.money.actualCents!)} (quote-part au prorata des jours en vigueur)`,
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('Unités constatées');
    expect(text).not.toContain('Unité de fonctionnement');
  });

  it('gives the same bytes for the same data, and other bytes for other figures', async () => {
    const data = statementOf(figuresOf({ periodicity: 'quarterly', actual: ['1', '2', '3', '4'] }), { actTypes: ADS_SCALE });
    const [a, b, other] = await Promise.all([renderDocument(data), renderDocument(structuredClone(data)), renderDocument(statementOf(figuresOf({ periodicity: 'quarterly', actual: ['1', '2', '3', '5'] })))]);
    expect(sha256(b)).toBe(sha256(a));
    expect(sha256(other)).not.toBe(sha256(a));
    expect(documentFileName(data)).toBe('bilan-annuel-2026-avrillé-ads.pdf');
  });
});

describe('the unit-cost notification letter', () => {
  it('is the president’s letter to the mayor, dated on the notification day, with the cost, the forecast pro rata and the instalments', async () => {
    const figures = figuresOf({ periodicity: 'half_yearly', asOf: '2026-03-10' });
    const data = letterOf(figures, { service: serviceOf({ legalBasis: 'mise_a_disposition' }) });
    const text = await read(data);
    for (const expected of [
      'Angers Loire Métropole Communauté urbaine SIREN 244900015',
      'Madame, Monsieur le Maire Mairie d’Avrillé',
      'Le 10 mars 2026',
      'Objet : notification du coût unitaire de fonctionnement 2026',
      'Conformément à l’article D. 5211-16 du code général des collectivités territoriales et à la convention de mise à disposition du service',
      '(article L. 5211-4-1)',
      `j’ai l’honneur de vous notifier le coût unitaire de fonctionnement du service pour l’année 2026 : ${euros(18_000)} par équivalent permis de construire.`,
      `le montant prévisionnel pour une année entière s’établit à ${euros(figures.money.fullYearForecastCents)}`,
      `La convention étant en vigueur du 1er mars au 31 décembre 2026, soit 306 jours sur 365, le montant prévisionnel 2026 est ramené, au prorata de cette durée, à ${euros(figures.money.forecastCents)}.`,
      'Ce montant est appelé par versements semestriels, à terme échu',
      `1er semestre 2026 (du 1er mars au 30 juin 2026) 122 ${euros(figures.money.periods[0].instalmentCents)}`,
      `2d semestre 2026 (du 1er juillet au 31 décembre 2026) 184 ${euros(figures.money.periods[1].instalmentCents)}`,
      `Total 306 ${euros(figures.money.forecastCents)}`,
      'L’état annuel 2026 établira le montant définitif',
      'Le président d’Angers Loire Métropole',
    ]) {
      expect(text).toContain(expected);
    }
    expect(documentFileName(data)).toBe('notification-coût-2026-avrillé-ads.pdf');
  });

  it('cites D. 5211-16 for a mise à disposition only; a service commun’s or unifié’s letter applies its convention', async () => {
    const figures = figuresOf();
    const commun = await read(letterOf(figures));
    expect(commun).toContain('En application des conditions financières de la convention de service commun');
    expect(commun).toContain('(article L. 5211-4-2 du code général des collectivités territoriales)');
    expect(commun).not.toContain('D. 5211-16');
    const unifie = await read(letterOf(figures, { service: serviceOf({ legalBasis: 'service_unifie' }) }));
    expect(unifie).toContain('convention de service unifié');
    expect(unifie).toContain('L. 5111-1-1');
    expect(unifie).not.toContain('D. 5211-16');
    const compensation = await read(letterOf(figures, { service: serviceOf({ settlement: 'compensation' }) }));
    expect(compensation).toContain('par imputation sur votre attribution de compensation');
  });

  it('says that the convention’s cost still applies when it is fixed for the term, and prints that cost’s amounts', async () => {
    const figures = figuresOf({ costRevision: 'fixed', source: 'convention', unitCostCents: 17_500 });
    const text = await read(letterOf(figures, { notifiedUnitCostCents: 19_000 }));
    expect(text).toContain(`pour l’année 2026 : ${euros(19_000)} par équivalent permis de construire.`);
    expect(text).toContain(`le coût qui s’applique à votre commune en 2026 demeure celui de la convention : ${euros(17_500)} par équivalent permis de construire.`);
    expect(text).toContain(`s’établit à ${euros(figures.money.fullYearForecastCents)}`);
    expect(figures.money.fullYearForecastCents).toBe(175_000);
  });

  it('notifies the total of a service split by keys and the commune’s share', async () => {
    const figures = figuresOf({ year: 2027, keys: { fullYearShareCents: 312_345, key: '40' } });
    const text = await read(
      letterOf(figures, {
        service: serviceOf({ costModel: 'keys', keyBasis: 'fixed' }),
        notifiedUnitCostCents: null,
        totalCostCents: 4_500_000,
        notifiedOn: '2026-12-01',
      }),
    );
    expect(text).toContain('Objet : notification du coût 2027 du service');
    expect(text).toContain(`le coût total de fonctionnement du service pour l’année 2027 : ${euros(4_500_000)}, réparti entre les communes adhérentes selon les pourcentages fixés par la convention`);
    expect(text).toContain(`La quote-part de votre commune s’élève à ${euros(312_345)} pour une année entière (clé de la commune : 40 %).`);
    expect(text).toContain(`La convention étant en vigueur toute l’année 2027, le montant prévisionnel 2027 est de ${euros(figures.money.forecastCents)}.`);
    expect(text).toContain('Le 1er décembre 2026');
  });
});

describe('the payment terms in the convention and the proposal', () => {
  it('writes, for a mise à disposition, the periodicity of the payments and that it never exceeds a year (D. 5211-16)', async () => {
    const mad = serviceOf({ legalBasis: 'mise_a_disposition' });
    const text = await read(aDraftConvention({ service: mad, paymentTerms: { periodicity: 'quarterly', costRevision: 'yearly' } }));
    expect(text).toContain(
      'Le remboursement est effectué par versements trimestriels, à terme échu, sur la base d’un état des unités de fonctionnement constatées sur chaque période, établi par l’EPCI ; conformément à l’article D. 5211-16, sa périodicité ne peut être supérieure à un an.',
    );
    expect(text).toContain('Versements Trimestriels, à terme échu');
    expect(text).toContain('Le coût unitaire applicable chaque année est celui que l’EPCI notifie pour cette année ; tant qu’il n’est pas notifié, le coût unitaire de la présente convention s’applique à titre provisoire.');
    const yearly = await read(aDraftConvention({ service: mad }));
    expect(yearly).toContain('Le remboursement est effectué par versements annuels, à terme échu');

    const offer = await read(aProposal({ service: mad, paymentTerms: { periodicity: 'half_yearly', costRevision: 'fixed' } }));
    expect(offer).toContain('Versements Semestriels, à terme échu');
    expect(offer).toContain('Coût unitaire applicable Celui de la convention, pour toute sa durée');
    expect(offer).toContain('Le remboursement est effectué par versements semestriels, à terme échu');
    expect(offer).toContain('sa périodicité ne peut être supérieure à un an');
    expect(offer).toContain('Le coût unitaire fixé par la convention s’applique pendant toute sa durée, sans révision annuelle.');
  });

  it('writes, for a service commun, the periodicity and the cost rule under its convention, without D. 5211-16', async () => {
    const text = await read(aDraftConvention({ paymentTerms: { periodicity: 'half_yearly', costRevision: 'fixed' } }));
    expect(text).toContain('La contribution de la commune est appelée par versements semestriels, à terme échu, sur la base d’un état des unités de fonctionnement constatées sur chaque période, établi par l’EPCI.');
    expect(text).toContain('Le coût unitaire fixé par la présente convention s’applique pendant toute sa durée, sans révision annuelle.');
    expect(text).not.toContain('notifié à la commune chaque année');
    expect(text).not.toContain('D. 5211-16');

    const compensation = await read(aDraftConvention({ service: serviceOf({ settlement: 'compensation' }) }));
    expect(compensation).toContain('la contribution de la commune est imputée sur son attribution de compensation');

    const offer = await read(aProposal({ paymentTerms: { periodicity: 'quarterly', costRevision: 'yearly' } }));
    expect(offer).toContain('Versements Trimestriels, à terme échu');
    expect(offer).toContain('Le coût unitaire est notifié chaque année avant le vote du budget ;');
    expect(offer).toContain('La contribution de la commune est appelée par versements trimestriels, à terme échu');
    expect(offer).not.toContain('D. 5211-16');
  });
});

// French wording shared by the documents: dates, quantities, the parties' names, the competent court.
import { type CivilDate, type Units } from '#domain';

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** « … » with the no-break spaces French puts inside guillemets, so that they never part from their words. */
export const quoted = (text: string): string => `«\u00a0${text}\u00a0»`;

/** '2026-03-01' → '1er mars 2026'. */
export function formatDateFr(date: CivilDate): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${d === 1 ? '1er' : d} ${MONTHS[m - 1]} ${y}`;
}

/** '2027-03-12' → '12/03/2027', as a form's error states a date. */
export const shortDateFr = (date: CivilDate): string => date.split('-').reverse().join('/');

const PERIODS_FR: Record<string, string[]> = {
  yearly: ['l’année'],
  half_yearly: ['le 1er semestre', 'le 2d semestre'],
  quarterly: ['le 1er trimestre', 'le 2e trimestre', 'le 3e trimestre', 'le 4e trimestre'],
};

/** 'quarterly', 2 → 'le 2e trimestre'. */
export const periodFr = (periodicity: string, period: number): string => PERIODS_FR[periodicity]?.[period - 1] ?? `la période ${period}`;

export const PERIODICITY_FR: Record<string, string> = { yearly: 'annuelle', half_yearly: 'semestrielle', quarterly: 'trimestrielle' };

/** How the commune pays, as a convention states it: 'half_yearly' → 'versements semestriels'. */
export const PAYMENTS_FR: Record<string, string> = { yearly: 'versements annuels', half_yearly: 'versements semestriels', quarterly: 'versements trimestriels' };

/** Which unit cost applies each year, as a convention's table of terms states it. */
export const COST_REVISION_FR: Record<string, string> = {
  yearly: 'Le coût notifié chaque année par l’EPCI (celui de la convention à titre provisoire, tant qu’il ne l’est pas)',
  fixed: 'Celui de la convention, pour toute sa durée',
};

/** A period of a year as a table names it: 'quarterly', 2, 2026 → '2e trimestre 2026'; 'yearly', 1, 2026 → 'année 2026'. */
export const periodNameFr = (periodicity: string, period: number, year: number): string => `${periodFr(periodicity, period).replace(/^(le |l’)/, '')} ${year}`;

/** A feminine ordinal, as « la 1re année », « la 2e année ». */
export const ordinalFr = (n: number): string => (n === 1 ? '1re' : `${n}e`);

/** '2026-03-01', '2026-06-30' → 'du 1er mars au 30 juin 2026'; across years, both years. */
export function spanFr(from: CivilDate, to: CivilDate): string {
  const sameYear = from.slice(0, 4) === to.slice(0, 4);
  const start = sameYear ? formatDateFr(from).replace(/ \d{4}$/, '') : formatDateFr(from);
  return `du ${start} au ${formatDateFr(to)}`;
}

/** A decimal quantity in French: '42.5' → '42,5', 1200 → '1 200' (no-break space). */
export function formatUnits(units: Units): string {
  const [int, frac] = String(units).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return frac ? `${grouped},${frac}` : grouped;
}

/** '10 équivalents permis de construire', '1,5 heure de conseil': the plural from 2 on, as French does. */
export function quantityFr(units: Units, singular: string, plural: string): string {
  return `${formatUnits(units)} ${Number(units) >= 2 ? plural : singular}`;
}

/** 'Avrillé' → 'd’Avrillé', 'Trélazé' → 'de Trélazé', 'Le Plessis-Grammoire' → 'du Plessis-Grammoire'. */
export function ofPlace(name: string): string {
  if (/^Le /.test(name)) return `du ${name.slice(3)}`;
  if (/^Les /.test(name)) return `des ${name.slice(4)}`;
  // Elision before a vowel only: an initial H may be aspirated (« de Hérouville »), so it keeps « de ».
  if (/^[AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜ]/i.test(name)) return `d’${name}`;
  return `de ${name}`;
}

const EPCI_NATURES_FR: Readonly<Record<string, string>> = {
  CC: 'communauté de communes',
  CA: "communauté d’agglomération",
  CU: 'communauté urbaine',
  METRO: 'métropole',
  MET69: 'métropole de Lyon',
};

/**
 * The EPCI's name without the abbreviation of its nature that the INSEE puts first ('CU Angers Loire Métropole'):
 * the documents spell the nature out after the name instead.
 */
export const epciDisplayName = (name: string): string => name.replace(/^(CC|CA|CU)\s+/, '');

export const epciNatureFr = (nature: string): string => EPCI_NATURES_FR[nature] ?? 'établissement public de coopération intercommunale';

/**
 * The administrative court whose district holds the commune, by département (code de justice administrative,
 * art. R. 221-3). Only the districts checked so far are listed: Nantes holds the five départements of the Pays
 * de la Loire, hence the Angers demo. Elsewhere the convention names « le tribunal administratif
 * territorialement compétent » rather than guess.
 */
const COURT_OF_DEPARTEMENT: Readonly<Record<string, string>> = {
  '44': 'Nantes',
  '49': 'Nantes',
  '53': 'Nantes',
  '72': 'Nantes',
  '85': 'Nantes',
};

export function administrativeCourtOf(insee: string): string | null {
  const departement = insee.startsWith('97') ? insee.slice(0, 3) : insee.slice(0, 2);
  return COURT_OF_DEPARTEMENT[departement] ?? null;
}

/** A file name in French, lower case, accents kept: 'état-annuel-2026-avrillé-ads.pdf'. */
export function fileSlug(...parts: Array<string | number>): string {
  return parts
    .map((part) =>
      String(part)
        .toLocaleLowerCase('fr-FR')
        .replace(/[’'\s/\\:*?"<>|]+/g, '-')
        .replace(/-+/g, '-')
        .replace(/^-|-$/g, ''),
    )
    .filter(Boolean)
    .join('-');
}

/** How a shared total is split, as the end of « réparti … »: one wording for every document. */
export function keyBasisPhrase(basis: 'population' | 'forecastUnits' | 'fixed' | 'mixed' | null): string {
  switch (basis) {
    case 'fixed':
      return 'selon les pourcentages fixés par la convention, le solde restant à la charge de l’EPCI';
    case 'mixed':
      return 'pour partie au prorata de leur population et pour partie au prorata de leurs unités prévisionnelles';
    case 'forecastUnits':
      return 'au prorata de leurs unités prévisionnelles';
    default:
      return 'au prorata de leur population';
  }
}

/** The EPCI's council as its nature names it: a métropole has a « conseil métropolitain ». */
export function epciCouncilFr(nature: string): string {
  return nature === 'METRO' || nature === 'MET69' ? 'conseil métropolitain' : 'conseil communautaire';
}

/** A member's key of a shared total, as the documents print it: '23890' → '23 890 habitants', '40' → '40 %'. */
export function keyFr(basis: 'population' | 'forecastUnits' | 'fixed' | 'mixed' | null, key: string, unitLabel: string, unitLabelPlural: string): string {
  switch (basis) {
    case 'fixed':
      return `${formatUnits(key)}\u00a0%`;
    case 'forecastUnits':
      return `prévision de ${quantityFr(key, unitLabel, unitLabelPlural)}`;
    case 'mixed':
      return key;
    default:
      return quantityFr(key, 'habitant', 'habitants');
  }
}

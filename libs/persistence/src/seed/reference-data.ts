// The demo installation, as plain data for the seed use case: two real EPCIs of Maine-et-Loire (from
// @etalab/decoupage-administratif), the decisions each took on its copy of the template catalogue, the unit costs
// each notifies, and one account per role. Amounts are plausible demo values, not figures taken from any real
// convention, except where a source is given: each EPCI sets and notifies its own costs every year
// (CGCT D5211-16).
import type { Service, UnitCost, UserRole } from '../../../application/src/ports/records.js';
import { templateCatalogue } from './catalogue.js';

/** CU Angers Loire Métropole, 29 communes: the default demo (DESIGN.md, "Data to start from"). */
export const DEMO_EPCI_SIREN = '244900015';
/** CA Saumur Val de Loire, 45 communes: a second EPCI, with its own catalogue, costs and people. */
export const SECOND_DEMO_EPCI_SIREN = '200071876';
/** The EPCIs the demo seed loads, each with its communes, its copy of the catalogue and its unit costs. */
export const DEMO_EPCIS = [DEMO_EPCI_SIREN, SECOND_DEMO_EPCI_SIREN] as const;
export type DemoEpciSiren = (typeof DEMO_EPCIS)[number];

/** What an EPCI of the demo changed on its copy of the template, by service code. */
export const DEMO_SERVICE_SETTINGS: Readonly<Record<DemoEpciSiren, Readonly<Record<string, Partial<Omit<Service, 'epciSiren' | 'code'>>>>>> = {
  // "HR paid 40 % by the agglomeration, 60 % by the city" (DESIGN.md; La Lettre du cadre territorial n°374,
  // 2009): the city of Angers (49007) bears 60 % of the common HR direction, ALM the remaining 40 %.
  [DEMO_EPCI_SIREN]: { DRH: { keyParameters: { '49007': '60' } } },
  // Invented demo value: the city of Saumur (49328) bears half of the common HR direction.
  [SECOND_DEMO_EPCI_SIREN]: { DRH: { keyParameters: { '49328': '50' } } },
};

/**
 * The unit cost of operation of each 'unit' service, in integer cents per unit, and the yearly total of each
 * 'keys' service, in integer cents, as each demo EPCI notifies them. Angers keeps the demo's historical figures.
 */
export const DEMO_COSTS: Readonly<Record<DemoEpciSiren, { unitCostsCents: Readonly<Record<string, number>>; sharedTotalsCents: Readonly<Record<string, number>> }>> = {
  [DEMO_EPCI_SIREN]: {
    unitCostsCents: {
      ADS: 18_000, // 180 € per équivalent PC (observed range 150–800 €, DOMAIN.md §2)
      PAIE: 1_500, // 15 € per bulletin de paie
      CARRIERES: 12_000, // 120 € per dossier agent per year
      RECRUTEMENT: 90_000, // 900 € per procédure de recrutement
      ACHATS: 6_500, // 65 € per heure de conseil
      INFORMATIQUE: 45_000, // 450 € per poste informatique per year
      ARCHIVES: 25_000, // 250 € per mètre linéaire traité
    },
    sharedTotalsCents: {
      RGPD: 4_500_000, // 45 000 € a year for the shared DPO
      DRH: 480_000_000, // 4.8 M€ a year for the common HR direction
    },
  },
  [SECOND_DEMO_EPCI_SIREN]: {
    unitCostsCents: {
      ADS: 16_500, // 165 € per équivalent PC
      PAIE: 1_400,
      CARRIERES: 11_000,
      RECRUTEMENT: 80_000,
      ACHATS: 6_000,
      INFORMATIQUE: 42_000,
      ARCHIVES: 23_000,
    },
    sharedTotalsCents: {
      RGPD: 3_000_000, // 30 000 € a year
      DRH: 150_000_000, // 1.5 M€ a year
    },
  },
};

function demoEpci(epciSiren: string): DemoEpciSiren {
  if (!(DEMO_EPCIS as readonly string[]).includes(epciSiren)) throw new Error(`${epciSiren} is not an EPCI of the demo (${DEMO_EPCIS.join(', ')})`);
  return epciSiren as DemoEpciSiren;
}

/** A demo EPCI's catalogue: the template's copy with the EPCI's settings applied. Pure. */
export function demoCatalogue(epciSiren: string): Service[] {
  const settings = DEMO_SERVICE_SETTINGS[demoEpci(epciSiren)];
  return templateCatalogue(epciSiren).map((service) => {
    const changes = settings[service.code];
    return changes === undefined ? service : { ...service, ...structuredClone(changes) };
  });
}

/** The unit costs a demo EPCI notifies for `year` (not yet notified: notifiedAt null), one per template service. */
export function demoUnitCosts(epciSiren: string, year: number): UnitCost[] {
  const { unitCostsCents, sharedTotalsCents } = DEMO_COSTS[demoEpci(epciSiren)];
  return templateCatalogue(epciSiren).map((service) => ({
    epciSiren,
    serviceCode: service.code,
    year,
    unitCostCents: service.costModel === 'unit' ? unitCostsCents[service.code]! : null,
    totalCostCents: service.costModel === 'keys' ? sharedTotalsCents[service.code]! : null,
    notifiedAt: null,
    notifiedBy: null,
  }));
}

export interface DemoUser {
  readonly email: string;
  readonly role: UserRole;
  readonly displayName: string;
  /** A secretary's commune (INSEE). */
  readonly commune?: string;
  /** An agent's or a DGS's EPCI (SIREN). */
  readonly epci?: string;
  /** An agent's pole. */
  readonly pole?: string;
}

/** The demo accounts, listed in the README (their passwords are random, drawn at seeding): one per role in Angers Loire Métropole, then Saumur Val de Loire's. */
export const DEMO_USERS = [
  { email: 'secretaire@mairie-avrille.fr', role: 'secretary', commune: '49015', displayName: 'Claire Martin (Avrillé)' },
  { email: 'secretaire@mairie-trelaze.fr', role: 'secretary', commune: '49353', displayName: 'Julien Petit (Trélazé)' },
  { email: 'ads@angersloiremetropole.fr', role: 'agent', epci: DEMO_EPCI_SIREN, pole: 'urbanisme', displayName: 'Service commun ADS' },
  { email: 'dgs@angersloiremetropole.fr', role: 'dgs', epci: DEMO_EPCI_SIREN, displayName: 'Direction générale des services' },
  { email: 'admin@alacarte.local', role: 'admin', displayName: 'Administrateur' },
  // CA Saumur Val de Loire: its DGS, and the secretary of Doué-en-Anjou (49125), one of its 45 communes.
  { email: 'dgs@saumurvaldeloire.fr', role: 'dgs', epci: SECOND_DEMO_EPCI_SIREN, displayName: 'Direction générale des services (Saumur Val de Loire)' },
  { email: 'secretaire@mairie-doue-en-anjou.fr', role: 'secretary', commune: '49125', displayName: 'Sophie Bernard (Doué-en-Anjou)' },
] as const satisfies readonly DemoUser[];

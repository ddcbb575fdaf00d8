// A yearly total split between the members of one EPCI's service, by a key (CGCT D5211-16 allows keys
// where a unit cost does not fit). The whole EPCI's members share it, whoever asks: a commune's share never
// depends on who looks. Exact: every part is integer cents and the parts (with the EPCI's own) sum to the total.
import { allocateByKeys, type Units } from './money.js';

export type ShareKeyBasis = 'population' | 'forecastUnits' | 'fixed' | 'mixed';

export interface ShareMember {
  communeInsee: string;
  population: number | null;
  forecastUnits: Units;
}

export interface CostSplit {
  /** Each member's amount, in the order given. */
  amountsCents: number[];
  /** Each member's key, as a decimal string (population, units, or percentage). */
  keys: string[];
  /** What the EPCI bears itself (a fixed split whose percentages sum to less than 100). */
  epciCents: number;
}

/**
 * `parameters`: for `fixed`, each member's percentage by INSEE code (members not listed pay nothing, the rest
 * is the EPCI's); for `mixed`, the weight of each basis (`population`, `forecastUnits`), e.g. 0.5 and 0.5:
 * the total is first split between the bases by their weights, then each part by its basis.
 */
export function splitByKeys(
  totalCents: number,
  basis: ShareKeyBasis,
  members: readonly ShareMember[],
  parameters: Readonly<Record<string, string>> | null = null,
): CostSplit {
  // Nobody to charge (every key is zero): the EPCI bears the whole.
  const zero = (keys: string[]): CostSplit => ({ amountsCents: members.map(() => 0), keys, epciCents: totalCents });
  if (members.length === 0) return { amountsCents: [], keys: [], epciCents: totalCents };
  switch (basis) {
    case 'population':
    case 'forecastUnits': {
      const keys = members.map((m) => String(basis === 'population' ? (m.population ?? 0) : m.forecastUnits));
      if (keys.every((k) => Number(k) === 0)) return zero(keys);
      return { amountsCents: allocateByKeys(totalCents, keys), keys, epciCents: 0 };
    }
    case 'fixed': {
      const keys = members.map((m) => parameters?.[m.communeInsee] ?? '0');
      const listed = keys.reduce((sum, k) => sum + Number(k), 0);
      if (listed > 100) throw new RangeError(`Fixed shares sum to ${listed} %, more than 100 %`);
      const rest = (Math.round((100 - listed) * 1e6) / 1e6).toString();
      const parts = allocateByKeys(totalCents, [...keys, rest]);
      return { amountsCents: parts.slice(0, -1), keys, epciCents: parts[parts.length - 1] };
    }
    case 'mixed': {
      const weights = ['population', 'forecastUnits'].map((b) => parameters?.[b] ?? '0');
      if (weights.every((w) => Number(w) === 0)) throw new RangeError('A mixed key needs the weight of each basis');
      const [byPopulation, byUnits] = allocateByKeys(totalCents, weights);
      const a = splitByKeys(byPopulation, 'population', members);
      const b = splitByKeys(byUnits, 'forecastUnits', members);
      return {
        amountsCents: a.amountsCents.map((cents, i) => cents + b.amountsCents[i]),
        keys: members.map((m) => `${m.population ?? 0} hab. / ${m.forecastUnits}`),
        epciCents: a.epciCents + b.epciCents,
      };
    }
  }
}

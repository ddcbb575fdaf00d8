/**
 * Money is an integer number of euro cents. Quantities (units, allocation keys) may be
 * decimal; every product is computed exactly (big.js / BigInt) and rounded once, at the end.
 */
import Big from 'big.js';

/**
 * A non-negative decimal quantity: a number, or a decimal string such as '12.75'
 * (weighted ADS acts, population, percentage). A number is read as its shortest decimal
 * representation (0.1 is 0.1, not 0.1000000000000000055…).
 */
export type Units = number | string;

// A private constructor: the global Big settings (DP, RM, strict) may be changed elsewhere.
const Dec = Big();
Dec.strict = false;
const ROUND_DOWN = 0;
const ROUND_HALF_UP = 1;

const DECIMAL_RE = /^\d+(?:\.\d+)?$/;

function toDecimal(value: Units, what: string): Big {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`${what} must be a finite non-negative number, got ${String(value)}`);
    }
    return new Dec(String(value)); // may be exponential ('1e-7'), which big.js reads exactly
  }
  if (typeof value === 'string' && DECIMAL_RE.test(value)) return new Dec(value);
  throw new RangeError(`${what} must be a non-negative decimal such as '12.75', got ${JSON.stringify(value)}`);
}

function checkCents(cents: unknown, what: string, nonNegative: boolean): number {
  if (typeof cents !== 'number' || !Number.isSafeInteger(cents) || (nonNegative && cents < 0)) {
    throw new RangeError(
      `${what} must be a safe ${nonNegative ? 'non-negative ' : ''}integer number of cents, got ${String(cents)}`,
    );
  }
  return cents;
}

function toSafeInteger(value: Big, what: string): number {
  const n = Number(value.toFixed(0, ROUND_DOWN));
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} is too large: ${value.toFixed()}`);
  return n === 0 ? 0 : n; // never -0
}

/**
 * Yearly amount: unit cost × units, rounded once to the cent, half up
 * (333 × 1.5 = 499.5 → 500; 1 × 0.005 → 0).
 */
export function annualAmountCents(unitCostCents: number, units: Units): number {
  checkCents(unitCostCents, 'Unit cost', true);
  const exact = new Dec(unitCostCents).times(toDecimal(units, 'Units'));
  return toSafeInteger(exact.round(0, ROUND_HALF_UP), 'Annual amount');
}

/**
 * Σ count × weight as an exact decimal string in plain notation ('12.7', never '1.27e+1').
 * Every act type in `counts` must have a weight.
 */
export function weightedUnits(counts: Record<string, number>, weights: Record<string, Units>): string {
  let total = new Dec(0);
  for (const [actType, count] of Object.entries(counts)) {
    if (!Object.hasOwn(weights, actType)) {
      throw new RangeError(`No weight for act type ${JSON.stringify(actType)}`);
    }
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new RangeError(`Count of ${JSON.stringify(actType)} must be a non-negative integer, got ${String(count)}`);
    }
    total = total.plus(toDecimal(weights[actType], `Weight of ${JSON.stringify(actType)}`).times(count));
  }
  return total.toFixed();
}

/** Decimal keys as integers with a common scale: ['40.5', 7] → [405n, 70n]. */
function scaleKeys(keys: readonly Units[]): bigint[] {
  const plain = keys.map((key, i) => toDecimal(key, `Key #${i}`).toFixed());
  const scale = Math.max(0, ...plain.map((p) => (p.split('.')[1] ?? '').length));
  return plain.map((p) => {
    const [int, frac = ''] = p.split('.');
    return BigInt(int + frac.padEnd(scale, '0'));
  });
}

/**
 * Splits `totalCents` in proportion to `keys` by the largest-remainder method: each part
 * is floor(total × k / Σk); the cents left over go one at a time to the largest fractional
 * remainders (ties: lower index first). The parts sum exactly to the total and each is
 * within one cent of its exact share; a zero key gets 0. A negative total is split as its
 * absolute value, then negated.
 */
export function allocateByKeys(totalCents: number, keys: readonly Units[]): number[] {
  checkCents(totalCents, 'Total', false);
  if (keys.length === 0) throw new RangeError('Cannot allocate over an empty list of keys');
  const scaled = scaleKeys(keys);
  const sum = scaled.reduce((a, b) => a + b, 0n);
  if (sum === 0n) throw new RangeError('Cannot allocate: all keys are zero');

  const total = BigInt(Math.abs(totalCents));
  const parts = scaled.map((k) => (total * k) / sum);
  const remainders = scaled.map((k) => (total * k) % sum);
  let leftover = Number(total - parts.reduce((a, b) => a + b, 0n)); // < keys.length

  const byRemainder = scaled
    .map((_, i) => i)
    .sort((i, j) => (remainders[i] > remainders[j] ? -1 : remainders[i] < remainders[j] ? 1 : i - j));
  for (const i of byRemainder) {
    if (leftover === 0) break;
    parts[i] += 1n;
    leftover -= 1;
  }

  const sign = totalCents < 0 ? -1 : 1;
  return parts.map((p) => (p === 0n ? 0 : sign * Number(p)));
}

const EUROS = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

/** French display of an amount in cents: 123456 → '1 234,56 €' (narrow no-break spaces as ICU emits them). */
export function formatEuros(cents: number): string {
  checkCents(cents, 'Amount', false);
  const abs = BigInt(Math.abs(cents));
  // Formatted from an exact decimal string: cents / 100 as a float can be off for large amounts.
  const decimal = `${cents < 0 ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
  return EUROS.format(decimal as `${number}`);
}

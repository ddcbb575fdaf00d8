import fc from 'fast-check';
import { runs } from '../../../test/support/properties.js';
import { allocateByKeys, annualAmountCents, formatEuros, weightedUnits, type Units } from './money.js';

/** The generated cases of each property under DEEP_PROPERTIES=1 (npm run test:deep); the default run makes fewer. */
const RUNS = 5000;
const NNBSP = '\u202f'; // group separator emitted by ICU for fr-FR
const NBSP = '\u00a0'; // before the currency sign

/** An exact decimal n / 10^s, as the string the domain receives. */
interface Decimal {
  readonly n: bigint;
  readonly s: number;
  readonly text: string;
}

function decimalText(n: bigint, s: number): string {
  if (s === 0) return n.toString();
  const digits = n.toString().padStart(s + 1, '0');
  return `${digits.slice(0, -s)}.${digits.slice(-s)}`;
}

const decimal = (maxN: bigint, maxScale: number): fc.Arbitrary<Decimal> =>
  fc
    .record({ n: fc.bigInt({ min: 0n, max: maxN }), s: fc.integer({ min: 0, max: maxScale }) })
    .map(({ n, s }) => ({ n, s, text: decimalText(n, s) }));

/** Keys as the domain receives them (decimal strings, or plain numbers for integers) plus their exact value. */
const keysArb = fc
  .array(fc.tuple(decimal(10n ** 9n, 4), fc.boolean()), { minLength: 1, maxLength: 12 })
  .filter((ks) => ks.some(([k]) => k.n > 0n))
  .map((ks) => ({
    exact: ks.map(([k]) => k),
    keys: ks.map(([k, asNumber]): Units => (asNumber && k.s === 0 ? Number(k.n) : k.text)),
  }));

const totalArb = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
);

/** A key written as the domain receives it, with its exact value. */
function dec(text: string): Decimal {
  const [whole, fraction = ''] = text.split('.');
  return { n: BigInt(whole + fraction), s: fraction.length, text };
}
const keysOf = (...texts: string[]) => ({ exact: texts.map(dec), keys: texts as Units[] });

/** The boundaries of the allocation: the largest totals, one cent, ties, zero keys, keys of very different scales. */
const allocations: Array<[number, ReturnType<typeof keysOf>]> = [
  [Number.MAX_SAFE_INTEGER, keysOf('1', '1', '1')],
  [Number.MIN_SAFE_INTEGER, keysOf('0.0001', '1000000000', '0')],
  [Number.MAX_SAFE_INTEGER, keysOf('100000.0000', '0.0001')],
  [1, keysOf(...Array.from({ length: 12 }, () => '0.0001'))],
  [-1, keysOf('3', '1', '3', '1')],
  [0, keysOf('5')],
  [7, keysOf('2', '3.0', '5.00')],
];

/** Keys brought to a common scale, as exact integers. */
function commonScale(exact: readonly Decimal[]): bigint[] {
  const scale = Math.max(...exact.map((k) => k.s));
  return exact.map((k) => k.n * 10n ** BigInt(scale - k.s));
}

describe('annualAmountCents', () => {
  it('multiplies the unit cost by decimal units', () => {
    expect(annualAmountCents(15000, '12.7')).toBe(190500);
    expect(annualAmountCents(15000, 12)).toBe(180000);
    expect(annualAmountCents(15000, '0')).toBe(0);
    expect(annualAmountCents(0, '12.7')).toBe(0);
  });

  it('rounds half up, once, at the end', () => {
    expect(annualAmountCents(333, 1.5)).toBe(500); // 499.5
    expect(annualAmountCents(1, '0.5')).toBe(1);
    expect(annualAmountCents(5, '0.5')).toBe(3); // 2.5: half up, not half even
    expect(annualAmountCents(1, '0.4999999999999999999999')).toBe(0);
    expect(annualAmountCents(1, 0.005)).toBe(0);
    expect(annualAmountCents(3, '0.1666')).toBe(0); // 0.4998
    expect(annualAmountCents(3, '0.1667')).toBe(1); // 0.5001
  });

  it('does not suffer from binary floating point (100 × 1.005 is 100.49999999999999 in floats)', () => {
    expect(annualAmountCents(100, '1.005')).toBe(101);
    expect(annualAmountCents(100, 1.005)).toBe(101);
    expect(annualAmountCents(1000, '0.0105')).toBe(11); // 10.5
  });

  it('matches exact rational rounding half up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), decimal(10n ** 8n, 6), (cost, units) => {
        const den = 10n ** BigInt(units.s);
        const expected = (2n * BigInt(cost) * units.n + den) / (2n * den);
        expect(annualAmountCents(cost, units.text)).toBe(Number(expected));
      }),
      runs(RUNS, { examples: [[10_000_000, dec('100000000')], [10_000_000, dec('99.999999')], [1, dec('0.000001')], [0, dec('0')], [3, dec('0.166667')]] }),
    );
  });

  it('rounds an exact half cent up and anything just below it down', () => {
    // cost = 2^a 5^b, units = (k + 1/2) / cost is then a finite decimal.
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 6 }),
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        (a, b, k) => {
          const cost = 2n ** BigInt(a) * 5n ** BigInt(b);
          const s = Math.max(a + 1, b);
          const numerator = (2n * k + 1n) * (10n ** BigInt(s) / (2n * cost)); // units × 10^s
          expect(annualAmountCents(Number(cost), decimalText(numerator, s))).toBe(Number(k + 1n));
          expect(annualAmountCents(Number(cost), decimalText(numerator * 1000n - 1n, s + 3))).toBe(Number(k));
        },
      ),
      runs(RUNS, { examples: [[0, 0, 0n], [6, 6, 10n ** 9n], [6, 0, 10n ** 9n], [0, 6, 0n]] }),
    );
  });

  it('rejects a negative, fractional or unsafe unit cost', () => {
    expect(() => annualAmountCents(-1, 1)).toThrow(RangeError);
    expect(() => annualAmountCents(1.5, 1)).toThrow(RangeError);
    expect(() => annualAmountCents(2 ** 53, 1)).toThrow(RangeError);
    expect(() => annualAmountCents(Number.NaN, 1)).toThrow(RangeError);
  });

  it('rejects negative, NaN, infinite or malformed units', () => {
    for (const units of [-1, Number.NaN, Number.POSITIVE_INFINITY, '-1', '1e3', '', ' 1', '1,5', 'abc', '.5', '1.']) {
      expect(() => annualAmountCents(100, units)).toThrow(RangeError);
    }
  });

  it('rejects a result that is not a safe integer', () => {
    expect(() => annualAmountCents(Number.MAX_SAFE_INTEGER, 2)).toThrow(RangeError);
  });
});

describe('weightedUnits', () => {
  const weights = { PC: 1, DP: '0.7', PA: '1.2', CU: 0.1 };

  it('sums count × weight exactly', () => {
    expect(weightedUnits({ PC: 10, DP: 5, PA: 2 }, weights)).toBe('15.9');
    expect(weightedUnits({ CU: 3 }, weights)).toBe('0.3'); // 0.30000000000000004 in floats
    expect(weightedUnits({ PC: 0, DP: 0 }, weights)).toBe('0');
    expect(weightedUnits({}, weights)).toBe('0');
  });

  it('writes the result in plain notation', () => {
    expect(weightedUnits({ X: 1 }, { X: '0.0000001' })).toBe('0.0000001');
    expect(weightedUnits({ X: 1_000_000 }, { X: '100000000000000000' })).toBe('100000000000000000000000');
  });

  it('feeds annualAmountCents without loss', () => {
    expect(annualAmountCents(15000, weightedUnits({ PC: 10, DP: 4 }, weights))).toBe(15000 * 12.8);
  });

  it('names an act type without a weight', () => {
    expect(() => weightedUnits({ PC: 1, PD: 2 }, weights)).toThrow(RangeError);
    expect(() => weightedUnits({ PC: 1, PD: 2 }, weights)).toThrow(/"PD"/);
    expect(() => weightedUnits({ toString: 1 }, weights)).toThrow(/"toString"/);
  });

  it('rejects negative or fractional counts and invalid weights', () => {
    expect(() => weightedUnits({ PC: -1 }, weights)).toThrow(RangeError);
    expect(() => weightedUnits({ PC: 1.5 }, weights)).toThrow(RangeError);
    expect(() => weightedUnits({ X: 1 }, { X: '-0.5' })).toThrow(/"X"/);
  });
});

describe('allocateByKeys', () => {
  it('splits the Angers HR example, 1,000,000.01 € over 40/60, to the cent', () => {
    // 40,000,000.4 and 60,000,000.6 cents: the leftover cent goes to the larger remainder.
    expect(allocateByKeys(100_000_001, [40, 60])).toEqual([40_000_000, 60_000_001]);
    expect(allocateByKeys(100_000_001, ['40', '60'])).toEqual([40_000_000, 60_000_001]);
    expect(allocateByKeys(100_000_001, [0.4, '0.6'])).toEqual([40_000_000, 60_000_001]);
    expect(allocateByKeys(100_000_001, [60, 40])).toEqual([60_000_001, 40_000_000]);
  });

  it('gives leftover cents to the largest remainders first', () => {
    expect(allocateByKeys(10, [1, 2])).toEqual([3, 7]); // 3.33 / 6.67
    expect(allocateByKeys(100, [1, 1, 4])).toEqual([17, 17, 66]); // 16.67 16.67 66.67: ties, then index
    expect(allocateByKeys(7, [2, 3, 5])).toEqual([1, 2, 4]); // 1.4 2.1 3.5
  });

  it('breaks ties between equal remainders in favour of the lower index', () => {
    expect(allocateByKeys(1, [1, 1, 1])).toEqual([1, 0, 0]);
    expect(allocateByKeys(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(allocateByKeys(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateByKeys(5, [3, 1, 3, 1])).toEqual([2, 1, 2, 0]); // 1.875 0.625 1.875 0.625
  });

  it('supports decimal keys and populations', () => {
    expect(allocateByKeys(1000, ['40.5', '59.5'])).toEqual([405, 595]);
    expect(allocateByKeys(1_000_000, [154508, 3400, 12000])).toEqual([909_363, 20_011, 70_626]);
  });

  it('gives nothing to a zero key', () => {
    expect(allocateByKeys(10, [0, 1, 1])).toEqual([0, 5, 5]);
    expect(allocateByKeys(1, [0, 1, 1])).toEqual([0, 1, 0]);
    expect(allocateByKeys(1, [0, '0.00', 3])).toEqual([0, 0, 1]);
  });

  it('splits a negative total as the negation of its absolute value, without -0', () => {
    expect(allocateByKeys(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocateByKeys(-1, [1, 1])).toEqual([-1, 0]);
    expect(Object.is(allocateByKeys(-1, [1, 1])[1], 0)).toBe(true);
    expect(allocateByKeys(0, [1, 2]).every((p) => Object.is(p, 0))).toBe(true);
  });

  it('rejects empty, all-zero, negative or malformed keys and a non-integer total', () => {
    expect(() => allocateByKeys(100, [])).toThrow(RangeError);
    expect(() => allocateByKeys(100, [0, '0'])).toThrow(RangeError);
    expect(() => allocateByKeys(100, [-1, 2])).toThrow(RangeError);
    expect(() => allocateByKeys(100, [Number.NaN, 2])).toThrow(RangeError);
    expect(() => allocateByKeys(100, ['abc'])).toThrow(RangeError);
    expect(() => allocateByKeys(100.5, [1])).toThrow(RangeError);
    expect(() => allocateByKeys(2 ** 53, [1])).toThrow(RangeError);
  });

  it('always sums exactly to the total', () => {
    fc.assert(
      fc.property(totalArb, keysArb, (total, { keys }) => {
        const parts = allocateByKeys(total, keys);
        expect(parts).toHaveLength(keys.length);
        expect(parts.every(Number.isSafeInteger)).toBe(true);
        expect(parts.reduce((a, b) => a + BigInt(b), 0n)).toBe(BigInt(total));
      }),
      runs(RUNS, { examples: allocations }),
    );
  });

  it('keeps every part within one cent of its exact share (checked on rationals)', () => {
    fc.assert(
      fc.property(totalArb, keysArb, (total, { keys, exact }) => {
        const parts = allocateByKeys(total, keys);
        const k = commonScale(exact);
        const sum = k.reduce((a, b) => a + b, 0n);
        parts.forEach((part, i) => {
          // |part − total·k/Σ| < 1  ⇔  |part·Σ − total·k| < Σ
          const gap = BigInt(part) * sum - BigInt(total) * k[i];
          expect(gap < sum && -gap < sum).toBe(true);
          if (k[i] === 0n) expect(Object.is(part, 0)).toBe(true);
        });
      }),
      runs(RUNS, { examples: allocations }),
    );
  });

  it('rounds up exactly the largest remainders, lower index first on ties', () => {
    fc.assert(
      fc.property(totalArb, keysArb, (total, { keys, exact }) => {
        const parts = allocateByKeys(total, keys).map((p) => BigInt(Math.abs(p)));
        const k = commonScale(exact);
        const sum = k.reduce((a, b) => a + b, 0n);
        const abs = BigInt(Math.abs(total));
        const floors = k.map((ki) => (abs * ki) / sum);
        const rests = k.map((ki) => (abs * ki) % sum);
        const bonus = parts.map((p, i) => p - floors[i]);
        expect(bonus.every((b) => b === 0n || b === 1n)).toBe(true);
        for (let i = 0; i < k.length; i++) {
          for (let j = 0; j < k.length; j++) {
            if (bonus[i] === 1n && bonus[j] === 0n) {
              expect(rests[i] > rests[j] || (rests[i] === rests[j] && i < j)).toBe(true);
            }
          }
        }
      }),
      runs(RUNS, { examples: allocations }),
    );
  });

  it('never gives less to an earlier equal key (tie rule)', () => {
    fc.assert(
      fc.property(totalArb, fc.integer({ min: 1, max: 20 }), decimal(10n ** 6n, 3), (total, n, key) => {
        fc.pre(key.n > 0n);
        const parts = allocateByKeys(Math.abs(total), Array.from({ length: n }, () => key.text));
        for (let i = 1; i < n; i++) expect(parts[i - 1] - parts[i]).toBeGreaterThanOrEqual(0);
        expect(parts[0] - parts[n - 1]).toBeLessThanOrEqual(1);
      }),
      runs(RUNS, { examples: [[Number.MAX_SAFE_INTEGER, 20, dec('0.001')], [1, 20, dec('1')], [19, 20, dec('1000000')], [Number.MIN_SAFE_INTEGER, 7, dec('3')]] }),
    );
  });

  it('is symmetric for negative totals', () => {
    fc.assert(
      fc.property(totalArb, keysArb, (total, { keys }) => {
        expect(allocateByKeys(-total, keys)).toEqual(allocateByKeys(total, keys).map((p) => (p === 0 ? 0 : -p)));
      }),
      runs(RUNS, { examples: allocations }),
    );
  });
});

describe('formatEuros', () => {
  it('formats cents in French', () => {
    expect(formatEuros(123456)).toBe(`1${NNBSP}234,56${NBSP}€`);
    expect(formatEuros(0)).toBe(`0,00${NBSP}€`);
    expect(formatEuros(5)).toBe(`0,05${NBSP}€`);
    expect(formatEuros(100_000_001)).toBe(`1${NNBSP}000${NNBSP}000,01${NBSP}€`);
    expect(formatEuros(-100_000_001)).toBe(`-1${NNBSP}000${NNBSP}000,01${NBSP}€`);
  });

  it('is exact for the largest amounts, where cents / 100 as a float is not', () => {
    expect(formatEuros(Number.MAX_SAFE_INTEGER)).toBe(`90${NNBSP}071${NNBSP}992${NNBSP}547${NNBSP}409,91${NBSP}€`);
    expect(formatEuros(9_007_199_254_740_001)).toBe(`90${NNBSP}071${NNBSP}992${NNBSP}547${NNBSP}400,01${NBSP}€`);
  });

  it('rejects a non-integer amount', () => {
    expect(() => formatEuros(1.5)).toThrow(RangeError);
    expect(() => formatEuros(Number.NaN)).toThrow(RangeError);
  });
});

// Names in French order wherever a list shows them, on both databases: the communes a page at a time (through their
// sort key), the catalogue and the annual report's services (sorted after reading). Byte order would put
// « Écouflant » after « Villevêque » and a service named with an accent after « Z ».
import { compareFr } from '#domain';
import { DATABASE_KINDS } from '../../../test/support/databases.js';
import { bearer, startTestApp, type TestApp } from '../../../test/support/test-app.js';

describe.each(DATABASE_KINDS)('French order of the names, on %s', (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());

  it('lists the communes of the EPCI in French order, page after page: Béhuard before Briollay, Écouflant among the E', async () => {
    const first = (await t.http.get('/api/communes?pageSize=10&page=1').set(bearer(t, 'dgs')).expect(200)).body;
    const rest = [first];
    for (let page = 2; (page - 1) * 10 < first.total; page++) rest.push((await t.http.get(`/api/communes?pageSize=10&page=${page}`).set(bearer(t, 'dgs')).expect(200)).body);
    const names = rest.flatMap((p) => p.items.map((c: { name: string }) => c.name)) as string[];
    expect(names).toHaveLength(first.total);
    expect(names).toEqual([...names].sort(compareFr));
    expect(names.indexOf('Béhuard')).toBeGreaterThanOrEqual(0);
    expect(names.indexOf('Béhuard')).toBeLessThan(names.indexOf('Briollay'));
    const e = names.filter((n) => /^[EÉ]/.test(n));
    expect(e).toContain('Écouflant');
    expect(names.indexOf('Écouflant')).toBeLessThan(names.findIndex((n) => /^F|^G|^H|^[I-Z]/.test(n) && n > 'F'));
    // A search keeps the order.
    const b = (await t.http.get('/api/communes?q=b').set(bearer(t, 'dgs')).expect(200)).body.items.map((c: { name: string }) => c.name) as string[];
    expect(b).toEqual([...b].sort(compareFr));
  });

  it('lists the catalogue and the report’s services in French order', async () => {
    const services = (await t.http.get('/api/services').set(bearer(t, 'dgs')).expect(200)).body as Array<{ name: string }>;
    expect(services.map((s) => s.name)).toEqual(services.map((s) => s.name).sort(compareFr));
    const report = (await t.http.get('/api/reports/annual').set(bearer(t, 'dgs')).expect(200)).body as { byServiceAndState: Array<{ serviceName: string }> };
    const names = report.byServiceAndState.map((r) => r.serviceName);
    expect(names).toEqual([...names].sort(compareFr));
  });
});

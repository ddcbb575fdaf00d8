// Drives adhesions through the API the way people do, for tests that are about what happens next.
import { bearer, type DemoAccount, type TestApp } from './test-app.js';

export async function send(t: TestApp, account: DemoAccount, id: string, event: Record<string, unknown>) {
  const res = await t.http.post(`/api/adhesions/${id}/events`).set(bearer(t, account)).send(event);
  if (res.status !== 200) throw new Error(`${String(event.type)} by ${account}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** From a new request to a convention in force, everything dated "today" on the app's clock. */
export async function activate(
  t: TestApp,
  secretary: 'avrille' | 'trelaze',
  service: string,
  startDate: string,
  validUntil = startDate,
): Promise<string> {
  const insee = secretary === 'avrille' ? '49015' : '49353';
  const created = await t.http.post('/api/adhesions').set(bearer(t, secretary)).send({ communeInsee: insee, serviceCode: service, forecastUnits: 10 });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  const today = t.clock.now().toISOString().slice(0, 10);
  await send(t, secretary, id, { type: 'SUBMIT' });
  await send(t, 'dgs', id, { type: 'ACKNOWLEDGE' });
  await send(t, 'dgs', id, { type: 'SUBMIT_STUDY', forecastUnits: 10, staffImpact: false });
  await send(t, 'dgs', id, { type: 'APPROVE_STUDY' });
  await send(t, 'dgs', id, { type: 'ISSUE_PROPOSAL', unitCostCents: 18_000, forecastUnits: 10, startDate, validUntil });
  await send(t, secretary, id, { type: 'ACCEPT_PROPOSAL' });
  await send(t, secretary, id, { type: 'RECORD_DELIBERATION', outcome: 'adopted', number: 'DEL-1', date: today });
  await send(t, 'dgs', id, { type: 'RECORD_DELIBERATION', outcome: 'adopted', number: 'DEL-2', date: today });
  await send(t, 'dgs', id, { type: 'SIGN', signatoryName: 'Le Président', signatoryQuality: 'Président', date: today });
  const active = await send(t, secretary, id, { type: 'SIGN', signatoryName: 'La Maire', signatoryQuality: 'Maire', date: today });
  if (active.state !== 'active') throw new Error(`not active: ${active.state}`);
  return id;
}

/** Sets the manual clock (as the admin) and waits for the sweep it triggers. */
export async function setClock(t: TestApp, iso: string) {
  const res = await t.http.post('/api/admin/clock').set(bearer(t, 'admin')).send({ now: iso });
  if (res.status !== 200) throw new Error(`clock: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { now: string; sweep: Record<string, number> };
}

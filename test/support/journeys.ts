// Drives adhesions through the API the way people do, for tests that are about what happens next.
import { parisDateOf } from '#domain';
import { pathToActive } from '#workflow';
import { bearer, type DemoAccount, type TestApp } from './test-app.js';

export async function send(t: TestApp, account: DemoAccount, id: string, event: Record<string, unknown>) {
  const res = await t.http.post(`/api/adhesions/${id}/events`).set(bearer(t, account)).send(event);
  if (res.status !== 200) throw new Error(`${String(event.type)} by ${account}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Who sends an event of the path to active: the commune's secretary, or the EPCI's DGS. */
const SENT_BY_COMMUNE = new Set(['SUBMIT', 'PROVIDE_INFO', 'ACCEPT_PROPOSAL']);

/** The proposal's terms, when a test needs other than the path's defaults (180,00 € × 10 units, yearly). */
export interface ProposalTerms {
  unitCostCents?: number;
  forecastUnits?: number;
  periodicity?: 'yearly' | 'half_yearly' | 'quarterly';
  costRevision?: 'yearly' | 'fixed';
}

/** From a new request to a convention in force through the API, along the one path of libs/workflow, all dated "today". */
export async function activate(
  t: TestApp,
  secretary: 'avrille' | 'trelaze',
  service: string,
  startDate: string,
  validUntil = startDate,
  proposal: ProposalTerms = {},
): Promise<string> {
  const insee = secretary === 'avrille' ? '49015' : '49353';
  const created = await t.http.post('/api/adhesions').set(bearer(t, secretary)).send({ communeInsee: insee, serviceCode: service, forecastUnits: 10 });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  const today = parisDateOf(t.clock.now());
  let last: { state?: string; stateDetail?: Array<{ id: string }> } = {};
  const { periodicity, costRevision, ...amounts } = proposal;
  for (const { at: _at, ...path } of pathToActive(today, { startDate, validUntil, stepDays: 0, cstAlways: true, ...amounts })) {
    const event = path.type === 'ISSUE_PROPOSAL' ? { ...path, ...(periodicity && { periodicity }), ...(costRevision && { costRevision }) } : path;
    // The comité social territorial is consulted for a service commun, not for a mise à disposition.
    if (event.type === 'RECORD_CST_OPINION' && !last.stateDetail?.some((leaf) => leaf.id.includes('cstOpinion'))) continue;
    const party = 'party' in event ? event.party : SENT_BY_COMMUNE.has(event.type) ? 'commune' : 'epci';
    last = await send(t, party === 'commune' ? secretary : 'dgs', id, event);
  }
  if (last.state !== 'active') throw new Error(`not active: ${last.state}`);
  return id;
}

/** Sets the manual clock (as the admin) and waits for the sweep it triggers. */
export async function setClock(t: TestApp, iso: string) {
  const res = await t.http.post('/api/admin/clock').set(bearer(t, 'admin')).send({ now: iso });
  if (res.status !== 200) throw new Error(`clock: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { now: string; sweep: Record<string, number> };
}

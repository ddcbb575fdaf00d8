// The DGS's tools: the inbox, members and cost allocation, the annual report, the catalogue and unit costs,
// the renewal calendar and its iCalendar feed behind a revocable token.
import { DATABASE_KINDS } from '../../../test/support/databases.js';
import { activate, send, setClock } from '../../../test/support/journeys.js';
import { bearer, startTestApp, type TestApp } from '../../../test/support/test-app.js';
import { withoutHandOvers } from '../../../test/support/smtp-sink.js';
import ICAL from 'ical.js';
import { isWorkingDay, workingDaysBetween } from '#domain';

describe('working days', () => {
  it('skips weekends and French public holidays', () => {
    expect(isWorkingDay('2026-07-14')).toBe(false); // Fête nationale, a Tuesday
    expect(isWorkingDay('2026-05-25')).toBe(false); // Lundi de Pentecôte
    expect(isWorkingDay('2026-05-26')).toBe(true);
    expect(workingDaysBetween('2026-12-24', '2027-01-04')).toBe(5); // 25 Dec and 1 Jan off, two weekends
  });
});

describe.each(DATABASE_KINDS)('the DGS’s tools, on %s', (kind) => {
  let t: TestApp;
  let activeAvrille: string;
  let submitted: string;
  beforeAll(async () => {
    t = await startTestApp(kind);
    activeAvrille = await activate(t, 'avrille', 'RGPD', '2026-03-01');
    await activate(t, 'trelaze', 'RGPD', '2026-03-01');
    const created = await t.http.post('/api/adhesions').set(bearer(t, 'avrille')).send({ communeInsee: '49015', serviceCode: 'ADS', forecastUnits: 20 }).expect(201);
    submitted = created.body.id;
    await send(t, 'avrille', submitted, { type: 'SUBMIT' });
  });
  afterAll(() => t?.close());

  it('lists in the inbox what waits on the DGS, overdue after ten working days', async () => {
    const fresh = await t.http.get('/api/inbox').set(bearer(t, 'dgs')).expect(200);
    expect(fresh.body.items.map((i: { id: string }) => i.id)).toEqual([submitted]);
    expect(fresh.body.items[0]).toMatchObject({ waitingFor: 'epci', overdue: false, actions: expect.arrayContaining([{ type: 'ACKNOWLEDGE', label: 'Accuser réception' }]) });
    expect((await t.http.get('/api/inbox').set(bearer(t, 'avrille')).expect(200)).body.items).toEqual([]);
    await setClock(t, '2026-01-20T09:00:00Z'); // 11 working days after 5 January
    const late = await t.http.get('/api/inbox').set(bearer(t, 'dgs')).expect(200);
    expect(late.body.items[0]).toMatchObject({ id: submitted, overdue: true, workingDaysWaiting: 11 });
  });

  it('splits a service shared by population between its active members, to the cent', async () => {
    const res = await t.http.get('/api/services/RGPD/members').set(bearer(t, 'dgs')).expect(200);
    expect(res.body.members.map((m: { communeName: string }) => m.communeName)).toEqual(['Avrillé', 'Trélazé']);
    // In force from 1 March, each member pays its share pro rata (306 days of 365); the EPCI bears the rest.
    const shares = res.body.members.reduce((sum: number, m: { amountCents: number }) => sum + m.amountCents, 0);
    expect(shares).toBe(Math.round((res.body.totalCostCents * 306) / 365));
    expect(shares + res.body.epciCents).toBe(res.body.totalCostCents);
    const secretary = await t.http.get('/api/services/RGPD/members').set(bearer(t, 'avrille')).expect(200);
    expect(secretary.body.members.map((m: { communeName: string }) => m.communeName)).toEqual(['Avrillé']);
  });

  it('lets the DGS edit the catalogue and the year’s unit costs, and nobody else', async () => {
    await t.http.patch('/api/services/ADS').set(bearer(t, 'avrille')).send({ noticePeriodMonths: 3 }).expect(403);
    const edited = await t.http.patch('/api/services/ADS').set(bearer(t, 'dgs')).send({ reminderOffsets: [30, 90, 7] }).expect(200);
    expect(edited.body.reminderOffsets).toEqual([90, 30, 7]);
    await t.http.patch('/api/services/ADS').set(bearer(t, 'dgs')).send({ reminderOffsets: [30, 30] }).expect(400);
    const cost = await t.http.put('/api/services/ADS/unit-costs/2027').set(bearer(t, 'dgs')).send({ unitCostCents: 19_500 }).expect(200);
    // Set, not yet notified: it may still change; once notified to the communes, it no longer does.
    expect(cost.body).toMatchObject({ serviceCode: 'ADS', year: 2027, unitCostCents: 19_500, notifiedAt: null });
    await t.http.put('/api/services/ADS/unit-costs/2027').set(bearer(t, 'dgs')).send({}).expect(400);
    await t.http.post('/api/services/ADS/unit-costs/2027/notify').set(bearer(t, 'avrille')).expect(403);
    await t.http.post('/api/services/ADS/unit-costs/2027/notify').set(bearer(t, 'dgs')).expect(200);
    const frozen = await t.http.put('/api/services/ADS/unit-costs/2027').set(bearer(t, 'dgs')).send({ unitCostCents: 20_000 }).expect(409);
    expect(frozen.body.code).toBe('unit_cost_already_notified');
    expect((await t.http.post('/api/services/ADS/unit-costs/2027/notify').set(bearer(t, 'dgs')).expect(409)).body.code).toBe('unit_cost_already_notified');
  });

  it('lets the DGS charge a service commun against the attribution de compensation, and no other service', async () => {
    const services = await t.http.get('/api/services').set(bearer(t, 'dgs')).expect(200);
    expect(new Set(services.body.map((s: { settlement: string }) => s.settlement))).toEqual(new Set(['revenue_title']));
    const paie = services.body.find((s: { code: string }) => s.code === 'PAIE');
    expect(paie).toMatchObject({ legalBasis: 'mise_a_disposition' });

    const refused = await t.http.patch('/api/services/PAIE').set(bearer(t, 'dgs')).send({ settlement: 'compensation' }).expect(422);
    expect(refused.body).toMatchObject({
      code: 'rule_violated',
      issues: [{ field: 'settlement', code: 'settlement_requires_service_commun', message: expect.stringContaining('L5211-4-2') }],
    });
    await t.http.patch('/api/services/ADS').set(bearer(t, 'dgs')).send({ settlement: 'cash' }).expect(400);
    await t.http.patch('/api/services/ADS').set(bearer(t, 'avrille')).send({ settlement: 'compensation' }).expect(403);

    const charged = await t.http.patch('/api/services/ADS').set(bearer(t, 'dgs')).send({ settlement: 'compensation' }).expect(200);
    expect(charged.body).toMatchObject({ code: 'ADS', legalBasis: 'service_commun', settlement: 'compensation' });
    const listed = await t.http.get('/api/services').set(bearer(t, 'avrille')).expect(200);
    expect(listed.body.find((s: { code: string }) => s.code === 'ADS')).toMatchObject({ settlement: 'compensation' });
    // Leaving the service commun while so charged: refused; back to a title of revenue first.
    await t.http.patch('/api/services/ADS').set(bearer(t, 'dgs')).send({ legalBasis: 'mise_a_disposition' }).expect(422);
    await t.http.patch('/api/services/ADS').set(bearer(t, 'dgs')).send({ settlement: 'revenue_title' }).expect(200);
  });

  it('reports the year: adhesions by service and state, amounts, communes covered; active from the start date only', async () => {
    const report = async () => (await t.http.get('/api/reports/annual').query({ year: 2026 }).set(bearer(t, 'dgs')).expect(200)).body;
    const rgpd = (body: { byServiceAndState: Array<{ serviceCode: string }> }) => body.byServiceAndState.filter((row) => row.serviceCode === 'RGPD');
    // Both RGPD conventions are signed and start on 1 March: the day before (23 h 59 in Paris), none is active yet.
    await setClock(t, '2026-02-28T22:59:00Z');
    const before = await report();
    expect(before).toMatchObject({ year: 2026, communesTotal: 29, activeAdhesions: 0, signedNotStarted: 2 });
    expect(rgpd(before)).toEqual([{ serviceCode: 'RGPD', serviceName: expect.any(String), state: 'signed_not_started', stateLabel: 'Signée, à venir', count: 2 }]);
    await setClock(t, '2026-02-28T23:00:00Z'); // midnight in Paris, 1 March
    const res = { body: await report() };
    expect(res.body).toMatchObject({ year: 2026, communesCovered: 2, communesTotal: 29, activeAdhesions: 2, signedNotStarted: 0 });
    expect(rgpd(res.body)).toEqual([{ serviceCode: 'RGPD', serviceName: expect.any(String), state: 'active', stateLabel: 'Convention active', count: 2 }]);
    expect(res.body.amounts).toEqual([expect.objectContaining({ serviceCode: 'RGPD', annualAmountCents: expect.any(Number) })]);
  });

  it('shows the coming deadlines in a month view and as an iCalendar feed behind a revocable token', async () => {
    const month = await t.http.get('/api/calendar/events').query({ from: '2026-12-01', to: '2026-12-31' }).set(bearer(t, 'dgs')).expect(200);
    expect(month.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ adhesionId: activeAvrille, kind: 'RENEWAL_WINDOW_OPENED', date: '2026-12-01' })]),
    );
    const { body } = await t.http.post('/api/calendar/token').set(bearer(t, 'avrille')).expect(200);
    const path = new URL(body.url).pathname;
    const feed = await t.http.get(path).expect(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
    expect(feed.text).toContain('BEGIN:VCALENDAR');
    expect(feed.text).toContain('Ouverture de la période de reconduction');
    expect(feed.text).not.toContain('Trélazé'); // the secretary's scope only
    // As a calendar application reads it (ical.js, RFC 5545).
    expect(feed.text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(feed.text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(feed.text).not.toMatch(/^TIMEZONE-ID/m);
    const calendar = new ICAL.Component(ICAL.parse(feed.text));
    const zone = calendar.getFirstSubcomponent('vtimezone')!;
    expect(zone.getFirstPropertyValue('tzid')).toBe('Europe/Paris');
    const paris = new ICAL.Timezone(zone);
    expect(paris.utcOffset(ICAL.Time.fromData({ year: 2026, month: 7, day: 1, hour: 12 }))).toBe(7200);
    expect(paris.utcOffset(ICAL.Time.fromData({ year: 2026, month: 12, day: 1, hour: 12 }))).toBe(3600);
    const events = calendar.getAllSubcomponents('vevent');
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(String(event.getFirstPropertyValue('uid'))).toMatch(new RegExp(`@${new URL(body.url).hostname.replace(/\./g, '\\.')}$`));
      const stamp = event.getFirstPropertyValue('dtstamp') as ICAL.Time;
      expect(stamp.zone).toBe(ICAL.Timezone.utcTimezone);
      expect((event.getFirstPropertyValue('dtstart') as ICAL.Time).isDate).toBe(true);
    }
    expect(feed.text).toMatch(/^DTSTAMP:\d{8}T\d{6}Z\r$/m);
    await t.http.delete('/api/calendar/token').set(bearer(t, 'avrille')).expect(204);
    await t.http.get(path).expect(404);
  });
});

describe.each(DATABASE_KINDS)('a step left waiting on the EPCI, on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    const { startSmtpSink } = await import('../../../test/support/smtp-sink.js');
    smtp = await startSmtpSink();
    t = await startTestApp(kind, { SMTP_URL: smtp.url });
  });
  let smtp: Awaited<ReturnType<typeof import('../../../test/support/smtp-sink.js').startSmtpSink>>;
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('tells the DGS once, after ten working days, and again for the next step left waiting', async () => {
    const created = await t.http.post('/api/adhesions').set(bearer(t, 'avrille')).send({ communeInsee: '49015', serviceCode: 'ACHATS', forecastUnits: 20 }).expect(201);
    await send(t, 'avrille', created.body.id, { type: 'SUBMIT' }); // Monday 5 January 2026
    await setClock(t, '2026-01-19T09:00:00Z'); // 10 working days: not yet
    expect(withoutHandOvers(smtp.mails)).toHaveLength(0);
    await setClock(t, '2026-01-20T09:00:00Z'); // 11
    await setClock(t, '2026-01-21T09:00:00Z');
    expect(withoutHandOvers(smtp.mails).map((m) => [m.to, m.subject])).toEqual([
      [['dgs@angersloiremetropole.fr'], expect.stringMatching(/^En attente de l’EPCI depuis 11 jours ouvrés : Avrillé/)],
    ]);
    await send(t, 'dgs', created.body.id, { type: 'ACKNOWLEDGE' });
    await setClock(t, '2026-02-10T09:00:00Z');
    expect(withoutHandOvers(smtp.mails)).toHaveLength(2);
  });
});

describe.each(DATABASE_KINDS)('the yearly unit-cost deadline, on %s', (kind) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof import('../../../test/support/smtp-sink.js').startSmtpSink>>;
  beforeAll(async () => {
    const { startSmtpSink } = await import('../../../test/support/smtp-sink.js');
    smtp = await startSmtpSink();
    t = await startTestApp(kind, { SMTP_URL: smtp.url });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('tells the DGS before 15 April (30 April in 2026, an election year) until the year’s costs are notified', async () => {
    await activate(t, 'avrille', 'ADS', '2026-02-01');
    await setClock(t, '2026-03-31T06:59:00Z'); // 30 days before 30 April is 31 March, 09:00 in Paris (CEST)
    expect(withoutHandOvers(smtp.mails)).toHaveLength(0);
    await setClock(t, '2026-03-31T07:00:00Z');
    const yearly = () => smtp.mails.filter((m) => m.subject?.includes('coûts unitaires 2026 à notifier'));
    expect(yearly().map((m) => m.subject)).toEqual(['CU Angers Loire Métropole : coûts unitaires 2026 à notifier avant le 30 avril 2026']);
    expect(yearly()[0].text).toContain('Instruction des autorisations du droit des sols');
    // Signed in January, the convention's first-year rule (within three months of the signature) is due too.
    expect(smtp.mails.map((m) => m.subject)).toContain('Coût unitaire 2026 à notifier à Avrillé avant le 5 avril 2026');
    // Set is not notified: the reminders go on until the DGS notifies the cost to the communes.
    await t.http.put('/api/services/ADS/unit-costs/2026').set(bearer(t, 'dgs')).send({ unitCostCents: 18_000 }).expect(200);
    await t.http.post('/api/services/ADS/unit-costs/2026/notify').set(bearer(t, 'dgs')).expect(200);
    await setClock(t, '2026-04-23T07:00:00Z'); // 7 days before: nothing missing any more
    expect(yearly()).toHaveLength(1);
  });
});

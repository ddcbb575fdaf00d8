// A convention signed but not started is not « Convention active »: the lists and the page give its start date.
import { activeState } from '#workflow';
import { anAdhesion, twoEpcis } from '../../test/in-memory/index.js';
import { ManualClock } from '../common/clock.js';
import { type AdhesionRecord } from '../ports/records.js';
import { ReportQueries } from '../reports/report.queries.js';
import { stateColumns } from './adhesion-row.js';
import { toAdhesionResponse, toAdhesionSummary } from './adhesion.response.js';
import { stateLabelOn } from './state-label.js';

describe('the state label of a signed convention', () => {
  it('reads « Signée — en vigueur à compter du 1er janvier 2028 » before its start date, « Convention active » from it', () => {
    expect(stateLabelOn('active', '2028-01-01', '2027-12-20')).toBe('Signée — en vigueur à compter du 1er janvier 2028');
    expect(stateLabelOn('active', '2028-01-01', '2028-01-01')).toBe('Convention active');
    expect(stateLabelOn('active', '2028-01-01', null)).toBe('Convention active');
    expect(stateLabelOn('signature', null, '2027-12-20')).toBe('Signature de la convention');
    expect(stateLabelOn('lapsed', '2026-01-01', '2029-01-01')).toBe('Convention non reconduite');
  });

  it('is what the adhesion and its list row answer, on the caller’s day', () => {
    const { value, context } = activeState('2028-01-01');
    const adhesion = { id: 'a1', communeInsee: '49015', epciSiren: '244900015', serviceCode: 'ADS', state: 'active', startDate: '2028-01-01', snapshot: { value, context } };
    const record = {
      adhesion,
      commune: { name: 'Avrillé' },
      service: { name: 'ADS', code: 'ADS', legalBasis: 'service_commun', unitLabel: 'u', unitLabelPlural: 'u', pole: 'p', options: [] },
      epci: { nature: 'CU' },
    } as unknown as AdhesionRecord;
    expect(toAdhesionSummary(record, '2027-12-20')).toMatchObject({ stateLabel: 'Signée — en vigueur à compter du 1er janvier 2028', startsLater: true });
    expect(toAdhesionSummary(record, '2028-01-01')).toMatchObject({ stateLabel: 'Convention active', startsLater: false });
    expect(toAdhesionResponse(record, 'secretary', new Date('2027-12-20T10:00:00Z')).stateLabel).toBe('Signée — en vigueur à compter du 1er janvier 2028');
    expect(toAdhesionResponse(record, 'secretary', new Date('2028-01-01T10:00:00Z')).stateLabel).toBe('Convention active');
  });

  it('is what the members view answers: « Signée — en vigueur à compter du » until the start, on the day in Paris', async () => {
    const world = await twoEpcis();
    const clock = new ManualClock();
    const adhesion = anAdhesion({ communeInsee: '49015', serviceCode: 'ADS', ...stateColumns(activeState('2026-07-01')) });
    await world.uow.seed({ adhesions: [adhesion] });
    const members = new ReportQueries(world.uow, clock);
    const labelOn = async (instant: string) => {
      clock.set(new Date(instant));
      return (await members.members(world.actors.dgsA, 'ADS', { year: 2026 })).members.find((m) => m.adhesionId === adhesion.id)?.stateLabel;
    };
    expect(await labelOn('2026-06-20T10:00:00Z')).toBe('Signée — en vigueur à compter du 1er juillet 2026');
    expect(await labelOn('2026-06-30T21:59:00Z')).toBe('Signée — en vigueur à compter du 1er juillet 2026'); // 23 h 59 in Paris
    expect(await labelOn('2026-06-30T22:00:00Z')).toBe('Convention active'); // midnight in Paris, 1 July
  });

  it('keeps a signed convention out of the report’s active count until its start date, on the day in Paris', async () => {
    const world = await twoEpcis();
    const clock = new ManualClock();
    await world.uow.seed({ adhesions: [anAdhesion({ communeInsee: '49015', serviceCode: 'ADS', ...stateColumns(activeState('2026-07-01')) })] });
    const reports = new ReportQueries(world.uow, clock);
    const countsOn = async (instant: string) => {
      clock.set(new Date(instant));
      const report = await reports.annual(world.actors.dgsA, { year: 2026 });
      const ads = report.byServiceAndState.filter((row) => row.serviceCode === 'ADS').map((row) => [row.state, row.stateLabel, row.count]);
      return { active: report.activeAdhesions, signedNotStarted: report.signedNotStarted, ads };
    };
    expect(await countsOn('2026-06-30T21:59:00Z')).toEqual({ active: 0, signedNotStarted: 1, ads: [['signed_not_started', 'Signée, à venir', 1]] });
    expect(await countsOn('2026-06-30T22:00:00Z')).toEqual({ active: 1, signedNotStarted: 0, ads: [['active', 'Convention active', 1]] });
  });
});

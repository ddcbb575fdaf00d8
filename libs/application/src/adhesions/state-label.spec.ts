// A convention signed but not started is not « Convention active »: the lists and the page give its start date.
import { activeState } from '#workflow';
import { type AdhesionRecord } from '../ports/records.js';
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
    expect(toAdhesionSummary(record, '2027-12-20').stateLabel).toBe('Signée — en vigueur à compter du 1er janvier 2028');
    expect(toAdhesionResponse(record, 'secretary', new Date('2027-12-20T10:00:00Z')).stateLabel).toBe('Signée — en vigueur à compter du 1er janvier 2028');
    expect(toAdhesionResponse(record, 'secretary', new Date('2028-01-01T10:00:00Z')).stateLabel).toBe('Convention active');
  });
});

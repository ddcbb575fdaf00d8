// What a usage record looks like over HTTP, and the payment terms of an adhesion.
import { type UsageRecordResponse } from '#contracts';
import { addDays, parisDateOf, type CostRevision, type Periodicity } from '#domain';
import { paymentTerms, type AdhesionContext } from '#workflow';
import { type Adhesion, type UsageRecord } from '../ports/records.js';
import { UNITS_CONTEST_DAYS } from './convention-year.js';

export const paymentTermsOf = (adhesion: Adhesion): { periodicity: Periodicity; costRevision: CostRevision } =>
  paymentTerms({ context: adhesion.snapshot.context as AdhesionContext });

/** The last day the commune may contest units recorded at `recordedAt`. */
export const contestUntil = (recordedAt: string): string => addDays(parisDateOf(recordedAt), UNITS_CONTEST_DAYS);

export function toUsageResponse(row: UsageRecord): UsageRecordResponse {
  return {
    id: row.id,
    year: row.year,
    period: row.period,
    actCounts: row.actCounts,
    units: row.units,
    recordedBy: row.recordedBy,
    recordedAt: row.recordedAt,
    version: row.version,
    contestUntil: contestUntil(row.recordedAt),
    contest: row.contest,
  };
}

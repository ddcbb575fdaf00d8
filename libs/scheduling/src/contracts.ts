// Scheduling contracts shared by the api (which enqueues) and the worker (which processes).
import { type TimeEventType } from '#workflow';

export const TIME_QUEUE = 'alacarte-time';

export const JOB = {
  /** One stored deadline, delayed until it falls due. */
  deadline: 'deadline',
  /** The periodic pass over the database: re-delivers whatever Redis lost. */
  sweep: 'sweep',
} as const;

export interface DeadlineJob {
  adhesionId: string;
  kind: TimeEventType;
  cycle: number;
  /** ISO instant from which the deadline is deliverable. */
  at: string;
}

/** BullMQ deduplicates on jobId while the job exists: the cycle is part of it; ids may not contain ':'. */
export function deadlineJobId(job: Pick<DeadlineJob, 'adhesionId' | 'kind' | 'cycle'>): string {
  return `deadline-${job.adhesionId}-${job.kind}-${job.cycle}`;
}

export const SWEEP_SCHEDULER_ID = 'sweep';

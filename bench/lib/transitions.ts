// The repeatable command of the transition benchmarks: adhesions in study, where the DGS asks the commune
// a question (REQUEST_INFO) and the commune's secretary answers (PROVIDE_INFO), for ever. Each is a full
// command: load, machine, compare-and-swap, audit row, outbox row.

export type StudyEvent = 'REQUEST_INFO' | 'PROVIDE_INFO';

export interface StudySlot {
  id: string;
  insee: string;
  version: number;
  next: StudyEvent;
}

export const STUDY_BODIES: Record<StudyEvent, Record<string, unknown>> = {
  REQUEST_INFO: { type: 'REQUEST_INFO', question: 'Combien d’actes prévoyez-vous pour l’année prochaine ?' },
  PROVIDE_INFO: { type: 'PROVIDE_INFO', answer: 'Environ cent vingt actes, dont une trentaine de permis de construire.' },
};

export const other = (event: StudyEvent): StudyEvent => (event === 'REQUEST_INFO' ? 'PROVIDE_INFO' : 'REQUEST_INFO');

/** The next event an adhesion accepts, from its stored state detail; null if it left the study. */
export function nextStudyEvent(stateDetail: string): StudyEvent | null {
  if (stateDetail.includes('study.inProgress')) return 'REQUEST_INFO';
  if (stateDetail.includes('study.awaitingCommune')) return 'PROVIDE_INFO';
  return null;
}

/**
 * A pool of idle adhesions shared by the connections: a connection takes the oldest idle one and gives
 * it back when the answer arrives, so that no two requests are ever in flight on one adhesion and the
 * writes spread over all of them.
 */
export class SlotPool {
  private readonly idle: StudySlot[];
  constructor(slots: StudySlot[]) {
    this.idle = slots.map((s) => ({ ...s }));
  }
  take(): StudySlot {
    const slot = this.idle.shift();
    if (!slot) throw new Error('No idle adhesion: more connections than adhesions');
    return slot;
  }
  give(slot: StudySlot): void {
    this.idle.push(slot);
  }
  get size(): number {
    return this.idle.length;
  }
}

// All code reads time through this port, so a test (or the demo) can live three years in a second.
import { Injectable } from '@nestjs/common';

export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that only moves when told to: ALACARTE_CLOCK=manual, never in production. */
@Injectable()
export class ManualClock extends Clock {
  private current: Date;
  constructor(start: Date = new Date()) {
    super();
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(instant: Date): void {
    if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid instant');
    this.current = new Date(instant);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

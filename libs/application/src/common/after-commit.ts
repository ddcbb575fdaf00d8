// Called by the use cases after a commit that wrote outbox rows. The scheduling lib registers its relay
// here at start, so that new deadlines reach the queue at once; whatever is missed (no queue, Redis down),
// the periodic sweep relays later: the outbox table is the truth.
export class AfterCommit {
  private readonly listeners: Array<() => void> = [];

  onOutboxWritten(listener: () => void): void {
    this.listeners.push(listener);
  }

  outboxWritten(): void {
    for (const listener of this.listeners) listener();
  }
}

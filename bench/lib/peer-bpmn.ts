// The peer reference of the bench: the same ten-step path to a convention in force (submit, acknowledge,
// study, its approval, the proposal, its acceptance, two deliberations, two signatures) as a BPMN process
// of user tasks run by bpmn-engine, persisted the way its users persist it: after every step the engine's
// state (`getState()`) is saved as JSON to a SQLite file, and each step starts from the stored state
// (`recover` then `resume`), as a stateless server handling one request per step would. Measured in the
// bench process, in the same run as our figures, so that the report reads as a ratio.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from 'bpmn-engine';
import { progress } from './config.js';
import { fmt, spread, type Spread } from './stats.js';

/** The ten steps, in order, each a user task waiting for its signal. */
export const PEER_STEPS = [
  'submit',
  'acknowledge',
  'submitStudy',
  'approveStudy',
  'issueProposal',
  'acceptProposal',
  'deliberateCommune',
  'deliberateEpci',
  'signMayor',
  'signPresident',
] as const;

function lifecycleBpmn(): string {
  const nodes = ['start', ...PEER_STEPS, 'inForce'];
  const tasks = PEER_STEPS.map((id) => `<userTask id="${id}" name="${id}" />`).join('');
  const flows = nodes
    .slice(1)
    .map((target, i) => `<sequenceFlow id="f${i}" sourceRef="${nodes[i]}" targetRef="${target}" />`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="adhesionDefinitions" targetNamespace="http://alacarte.example/bench">' +
    `<process id="adhesion" isExecutable="true"><startEvent id="start" />${tasks}<endEvent id="inForce" />${flows}</process>` +
    '</definitions>'
  );
}

type Statement = { run(...params: unknown[]): unknown; get(...params: unknown[]): unknown };
type Db = { prepare(sql: string): Statement; exec(sql: string): void; pragma(sql: string): unknown; close(): void };

export interface PeerFigure {
  /** Persisted transitions per second (one step = recover, resume, signal, getState, save). */
  perSecond: Spread;
  /** Adhesions taken from the request to the convention in force, over all runs. */
  completed: number;
}

/**
 * Runs the lifecycle on bpmn-engine for `durationS` seconds, `runs` times, on a fresh SQLite file with the
 * api's own pragmas (WAL, synchronous NORMAL). Sequential: SQLite has one writer, and the engine is CPU-bound.
 */
export async function benchPeerBpmn(options: { runs: number; durationS: number }): Promise<PeerFigure> {
  const Database = createRequire(import.meta.url)('better-sqlite3') as new (path: string) => Db;
  const dir = mkdtempSync(join(tmpdir(), 'alacarte-peer-'));
  const db = new Database(join(dir, 'peer.sqlite'));
  const source = lifecycleBpmn();
  let completed = 0;
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE process_state (id TEXT PRIMARY KEY, step INTEGER NOT NULL, state TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO process_state (id, step, state) VALUES (?, ?, ?)');
    const load = db.prepare('SELECT step, state FROM process_state WHERE id = ?');
    const save = db.prepare('UPDATE process_state SET step = ?, state = ? WHERE id = ? AND step = ?');

    let serial = 0;
    const startOne = async (): Promise<string> => {
      const id = `a${serial++}`;
      const engine = new Engine({ name: id, source });
      await engine.execute();
      insert.run(id, 0, JSON.stringify(await engine.getState()));
      return id;
    };
    const step = async (id: string): Promise<boolean> => {
      const row = load.get(id) as { step: number; state: string };
      const engine = new Engine().recover(JSON.parse(row.state));
      const execution = await engine.resume();
      execution.signal({ id: PEER_STEPS[row.step] });
      const changed = save.run(row.step + 1, JSON.stringify(await engine.getState()), id, row.step) as { changes: number };
      if (changed.changes !== 1) throw new Error(`peer: lost update on ${id}`);
      return row.step + 1 === PEER_STEPS.length;
    };

    // Warm-up: one adhesion through every step, which also checks the process reaches its end.
    const warm = await startOne();
    for (let i = 0; i < PEER_STEPS.length; i++) await step(warm);

    const perSecond: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      let transitions = 0;
      let current = await startOne();
      const started = performance.now();
      const until = started + options.durationS * 1000;
      while (performance.now() < until) {
        if (await step(current)) {
          completed++;
          current = await startOne();
        }
        transitions++;
      }
      const rate = transitions / ((performance.now() - started) / 1000);
      perSecond.push(rate);
      progress(`peer bpmn-engine run ${run + 1}: ${fmt(rate)} persisted transitions/s`);
    }
    return { perSecond: spread(perSecond), completed };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

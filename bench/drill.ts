// `npm run drill`: the fault drills, longer than the ones in npm test, each reported as one line of a
// Markdown table. Per-run PostgreSQL databases and Redis prefixes (or a redis-server of the drill's own).
// DRILLS=api-sqlite,api-postgres,worker-sigkill,redis-restart,postgres-connections-killed,single-process-sigkill,scale-out
// selects some; DRILL_ADHESIONS sets the storm's size (default 1000, two messages each).
import 'reflect-metadata';
import { apiKillDrill, type ApiKillOutcome } from './drills/api-kill.js';
import { scaleOutDrill, type ScaleOutOutcome } from './drills/scale-out.js';
import { stormDrill, type StormDrillOutcome, type StormFault } from './drills/storm.js';
import { progress } from './lib/config.js';
import { machineInfo } from './lib/machine.js';

process.env.ALACARTE_TEST_RUN ??= `drill${Date.now().toString(36)}`;
const ALL = ['api-sqlite', 'api-postgres', 'worker-sigkill', 'redis-restart', 'postgres-connections-killed', 'single-process-sigkill', 'scale-out'];
const selected = (process.env.DRILLS ?? ALL.join(',')).split(',').map((s) => s.trim());
const adhesions = Number(process.env.DRILL_ADHESIONS ?? 1000);

type Row = { drill: string; database: string; fault: string; load: string; checks: string; outcome: string };
const rows: Row[] = [];

function apiRow(o: ApiKillOutcome, seconds: number): Row {
  return {
    drill: 'api killed under load',
    database: o.database,
    fault: `SIGKILL × ${o.rounds}, restarted on the same database each time`,
    load: `${o.acknowledged} writes answered 2xx (creates and events, ${o.clients} clients), ${o.cutOff} cut off in flight; ${o.adhesions} adhesions, ${o.auditRows} audit rows`,
    checks: `every 2xx write has its audit row and stored answer; state = replay for every adhesion; an outbox row per audit row${o.integrity.length ? `; integrity_check ${[...new Set(o.integrity)].join('/')} × ${o.integrity.length}` : ''}`,
    outcome: o.failures.length ? `**FAIL**: ${o.failures.slice(0, 3).join('; ')}` : `pass (${seconds.toFixed(0)} s)`,
  };
}

function stormRow(o: StormDrillOutcome): Row {
  const names: Record<StormFault, string> = {
    'worker-sigkill': 'worker killed mid-storm',
    'redis-restart': 'Redis restarted mid-storm (empty)',
    'postgres-connections-killed': "worker's PostgreSQL connections killed mid-storm",
    'single-process-sigkill': 'single process (api + worker) killed mid-storm',
  };
  return {
    drill: names[o.fault],
    database: o.database,
    fault: o.faults.join('; '),
    load: `${o.adhesions} deadlines, ${o.expectedMessages} reminders, finished in ${o.seconds.toFixed(0)} s`,
    checks: `deadlines ${o.deadlinesApplied}/${o.adhesions} (twice: ${o.deadlinesTwice}); reminders decided ${o.ledgerRows}, sent ${o.ledgerSent}; messages ${o.distinct} distinct of ${o.received} received (${o.duplicates} resent under the same Message-ID); replay failures ${o.replayFailures}${o.integrity ? `; integrity_check ${o.integrity}` : ''}`,
    outcome: o.failures.length ? `**FAIL**: ${o.failures.join('; ')}` : o.duplicates ? `pass, ${o.duplicates} duplicate${o.duplicates > 1 ? 's' : ''} on the wire` : 'pass, each message once',
  };
}

function scaleOutRow(o: ScaleOutOutcome): Row {
  return {
    drill: 'two apis and two workers, one database, one Redis',
    database: 'postgres',
    fault: `the same event sent through both apis at once (${o.racePairs} times); every acknowledged request retried through the other api with its Idempotency-Key`,
    load: `${o.acknowledged} events acknowledged through both apis; a storm of ${o.storm.adhesions} adhesions shared by the workers`,
    checks: `lost ${o.lost}; applied twice ${o.eventsAppliedTwice}; races won by both ${o.raceBothWon}, by neither ${o.raceBothLost}; retries replayed ${o.replayedThroughOtherApi}; replay failures ${o.replayFailures}; messages ${o.storm.distinct} distinct of ${o.storm.received} (${o.storm.expected} expected, ${o.storm.duplicates} twice)`,
    outcome: o.failures.length ? `**FAIL**: ${o.failures.slice(0, 3).join('; ')}` : 'pass, each event once, each message once',
  };
}

async function main(): Promise<void> {
  const m = machineInfo();
  progress(`drills: ${selected.join(', ')}`);
  for (const drill of selected) {
    const t0 = performance.now();
    try {
      if (drill === 'api-sqlite' || drill === 'api-postgres') {
        const outcome = await apiKillDrill(drill === 'api-sqlite' ? 'sqlite' : 'postgres', { rounds: 5, loadMs: 3_000, clients: 16, log: progress });
        rows.push(apiRow(outcome, (performance.now() - t0) / 1000));
      } else if (drill === 'scale-out') {
        rows.push(scaleOutRow(await scaleOutDrill({ log: progress })));
      } else if (ALL.includes(drill)) {
        rows.push(stormRow(await stormDrill(drill as StormFault, { adhesions, log: progress })));
      } else {
        throw new Error(`unknown drill ${drill}`);
      }
    } catch (error) {
      rows.push({ drill, database: '', fault: '', load: '', checks: '', outcome: `**ERROR**: ${(error as Error).message.split('\n')[0]}` });
    }
    progress(`${drill}: ${rows[rows.length - 1].outcome}`);
  }
  const out = [
    `# À la carte — fault drills of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}.`,
    '',
    '| drill | database | fault | load | checks | outcome |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.drill} | ${r.database} | ${r.fault} | ${r.load} | ${r.checks} | ${r.outcome} |`),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  process.exit(rows.some((r) => !r.outcome.startsWith('pass')) ? 1 : 0);
}

void main();

// The bench's Markdown report, from its results object (also written as bench/results/latest.json).
import { type MachineInfo } from './lib/machine.js';
import { type PeerFigure } from './lib/peer-bpmn.js';
import { fmt, fmtSpread, ratio, type Spread } from './lib/stats.js';
import { type ScaleResults } from './sections/scale.js';
import { type BareKind, type LoadFigure, type TransitionResults } from './sections/transitions.js';

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  durationS: number;
  machine: MachineInfo & { loadAverage: { start: number[]; end: number[] } };
  settings: { runs: number; durationS: number; connections: number[]; scale: number };
  transitions: TransitionResults[];
  bare: Record<BareKind, Record<string, LoadFigure>> | null;
  /** The peer engine on the same lifecycle (bench/lib/peer-bpmn.ts), or null when not run. */
  peer: PeerFigure | null;
  /** `--quick`: one short run per figure and a small dataset, for checking a change; the full run is the reference. */
  quick: boolean;
  scale: ScaleResults[];
  targets: Array<{ target: string; measured: string; met: boolean | null }>;
}

const pct = (share: number) => (share === 0 ? '0' : share < 0.001 ? '<0.1 %' : `${(share * 100).toFixed(1)} %`);
const ms = (s: Spread | undefined) => fmtSpread(s);

/**
 * The targets of issue 13, as ratios to the references of the same run (machines of this kind differ by up to
 * 3.5× from one to the next): our transitions against the raw CAS+audit+outbox transaction on the same
 * database and a bare Express route, the lists' p95 at 300,000 adhesions, the full storm, the api's peak RSS
 * and a peer engine on the same lifecycle.
 */
export function evaluateTargets(r: Omit<BenchResults, 'targets'>): BenchResults['targets'] {
  const out: BenchResults['targets'] = [];
  const times = (x: number) => `${x.toFixed(2)}×`;
  const express10 = r.bare?.express['10']?.perSecond.median;
  for (const t of r.transitions) {
    const f = t.http['10'];
    const tx = t.raw.tx['10']?.perSecond.median;
    const goal = t.database === 'sqlite' ? { tx: 0.3, p99: 15 } : { tx: 0.49, p99: 20 };
    if (f && tx) {
      const share = f.perSecond.median / tx;
      out.push({
        target: `HTTP transitions, ${t.database}, 10 connections ≥ ${goal.tx}× the raw tx`,
        measured: `${fmt(f.perSecond.median)}/s = ${times(share)} of ${fmt(tx)}/s`,
        met: share >= goal.tx,
      });
    }
    if (f && t.database === 'sqlite' && express10) {
      const share = f.perSecond.median / express10;
      out.push({ target: 'HTTP transitions, sqlite, 10 connections ≥ 0.25× bare Express', measured: `${times(share)} of ${fmt(express10)}/s`, met: share >= 0.25 });
    }
    if (f) out.push({ target: `HTTP transitions, ${t.database}, 10 connections: p99 ≤ ${goal.p99} ms`, measured: `${fmt(f.p99.median)} ms`, met: f.p99.median <= goal.p99 });
    const best = Math.max(...Object.values(t.inProcess).map((x) => x.perSecond.median));
    const inGoal = t.database === 'sqlite' ? 0.5 : 0.7;
    // The ceiling: what the command's own statements reach with no code of the app around them.
    const ceiling = t.raw.own?.['10']?.perSecond.median;
    const ofCeiling = ceiling && tx ? ` (its own statements, replayed raw: ${times(ceiling / tx)})` : '';
    if (Number.isFinite(best) && tx) {
      out.push({
        target: `In-process transitions, ${t.database} ≥ ${inGoal}× the raw tx`,
        measured: `${fmt(best)}/s = ${times(best / tx)}${ofCeiling}`,
        met: best / tx >= inGoal,
      });
    }
  }
  for (const s of r.scale) {
    const size = s.adhesions >= 300_000 ? '300,000' : `${fmt(s.adhesions)} (not 300,000)`;
    for (const [clients, limit] of [
      [1, 30],
      [10, 60],
    ] as const) {
      const lists = s.reads.filter((x) => x.path !== '/api/adhesions/:id' && x.concurrency === clients);
      const worst = lists.reduce<(typeof lists)[number] | undefined>((a, b) => (!a || b.p95.median > a.p95.median ? b : a), undefined);
      if (!worst) continue;
      const meeting = lists.filter((x) => x.p95.median <= limit).length;
      out.push({
        target: `Lists p95 ≤ ${limit} ms at ${size} (${s.database}, ${clients} client${clients > 1 ? 's' : ''})`,
        measured: `${meeting} of ${lists.length} lists; worst ${fmt(worst.p95.median)} ms (${worst.label})`,
        met: meeting === lists.length,
      });
    }
    const full = s.storm.adhesions >= 180_000 ? '180,000 due' : `${fmt(s.storm.adhesions)} due, not the full 180,000`;
    if (s.storm.finished) {
      out.push({ target: `Storm sweep ≤ 90 s (${s.database}, ${full})`, measured: `${fmt(s.storm.sweepSeconds!)} s`, met: s.storm.sweepSeconds! <= 90 && s.storm.adhesions >= 180_000 });
      const d = s.storm.delivery!;
      out.push({
        target: `Storm delivery ≥ 1,000 messages/s, each once (${s.database})`,
        measured: `${fmt(d.perSecond)}/s, ${fmt(d.duplicates)} duplicates`,
        met: d.perSecond >= 1000 && d.duplicates === 0 && s.storm.windowEventsOnce !== false,
      });
    } else if (s.storm.progressAtBudget) {
      const p = s.storm.progressAtBudget;
      out.push({ target: `Storm sweep ≤ 90 s (${s.database}, ${full})`, measured: `unfinished after ${fmt(p.seconds)} s (${fmt(p.applied)} deadlines, ${fmt(p.decided)} reminders, ${fmt(p.sent)} sent)`, met: false });
    }
  }
  // The api as it runs: under HTTP load (transitions), and the production entry point at scale.
  const apiPeaks = [
    ...r.transitions.map((t) => ({ where: `HTTP load, ${t.database}`, mib: t.apiPeakHttpMiB })),
    ...r.scale.map((s) => ({ where: `reads at ${fmt(s.adhesions)}, ${s.database}`, mib: s.memoryPeakMiB.api })),
  ].filter((x): x is { where: string; mib: number } => x.mib !== null);
  if (apiPeaks.length) {
    const worst = apiPeaks.reduce((a, b) => (b.mib > a.mib ? b : a));
    out.push({ target: 'api peak RSS ≤ 250 MiB', measured: `${worst.mib} MiB (${worst.where}); ${apiPeaks.map((p) => `${p.where} ${p.mib} MiB`).join(', ')}`, met: worst.mib <= 250 });
  }
  // The peer engine: our persisted transitions per second on SQLite against bpmn-engine's on SQLite.
  const sqlite = r.transitions.find((t) => t.database === 'sqlite');
  if (r.peer && sqlite) {
    const peer = r.peer.perSecond.median;
    const inProcess = Math.max(...Object.values(sqlite.inProcess).map((x) => x.perSecond.median));
    const http = sqlite.http['10']?.perSecond.median;
    out.push({
      target: 'Peer engine (bpmn-engine, state saved to SQLite each step): ours ≥ 30× its persisted transitions/s',
      measured: `${fmt(peer)}/s; in-process ${times(inProcess / peer)}${http ? `, over HTTP ${times(http / peer)}` : ''}`,
      met: inProcess / peer >= 30,
    });
  }
  return out;
}

export function renderMarkdown(r: BenchResults): string {
  const lines: string[] = [];
  const m = r.machine;
  lines.push(`# À la carte — bench of ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC`, '');
  lines.push(
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}${m.postgres ? `, PostgreSQL ${m.postgres}` : ''}${m.sqlite ? `, SQLite ${m.sqlite}` : ''}${m.redis ? `, Redis ${m.redis}` : ''}. ` +
      `Load average at start ${m.loadAverage.start.map((x) => x.toFixed(2)).join(' ')}, at end ${m.loadAverage.end.map((x) => x.toFixed(2)).join(' ')}. ` +
      `Each figure: median of ${r.settings.runs} runs of ${r.settings.durationS} s (range in brackets). Whole run ${fmt(r.durationS / 60)} min.`,
    '',
  );
  if (r.quick) {
    lines.push(
      '**Quick run** (`npm run bench -- --quick`): one short run per figure and a small dataset. Its ranges are wide and its scale rows are not at 300,000: use it to check a change, and the full run as the reference.',
      '',
    );
  }

  if (r.targets.length) {
    lines.push('## Targets', '', '| target | measured | met |', '|---|---|---|');
    for (const t of r.targets) lines.push(`| ${t.target} | ${t.measured} | ${t.met === null ? '—' : t.met ? 'yes' : '**no**'} |`);
    lines.push('');
  }

  if (r.peer) {
    lines.push(
      '## Peer engine (the same ten steps on bpmn-engine, its state saved to SQLite after each step)',
      '',
      `${fmtSpread(r.peer.perSecond)} persisted transitions/s; ${fmt(r.peer.completed)} adhesions taken to a convention in force.`,
      '',
    );
  }

  if (r.transitions.length) {
    const bareExpress = r.bare?.express;
    lines.push(
      '## Transitions (POST /api/adhesions/:id/events: load, machine, compare-and-swap, audit, outbox)',
      '',
      '| path | database | conc. | commands/s | p50 ms | p99 ms | non-2xx | ÷ bare express route | ÷ raw CAS UPDATE | ÷ raw CAS+audit+outbox tx |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const t of r.transitions) {
      const rawCas = (c: string) => t.raw.cas[c] ?? t.raw.cas['10'];
      const rawTx = (c: string) => t.raw.tx[c] ?? t.raw.tx['10'];
      for (const [path, figures] of [
        ['HTTP', t.http],
        ['in-process', t.inProcess],
      ] as const) {
        for (const [c, f] of Object.entries(figures)) {
          lines.push(
            `| ${path} | ${t.database} | ${c} | ${fmtSpread(f.perSecond)} | ${ms(f.p50)} | ${ms(f.p99)} | ${pct(f.non2xxShare)} | ${path === 'HTTP' && bareExpress?.[c] ? ratio(f.perSecond.median, bareExpress[c].perSecond.median) : '—'} | ${ratio(f.perSecond.median, rawCas(c).perSecond.median)} | ${ratio(f.perSecond.median, rawTx(c).perSecond.median)} |`,
          );
        }
      }
    }
    lines.push('', `Each database: ${r.transitions.map((t) => `${t.database} ${t.adhesions} adhesions in study`).join(', ')}; DGS asks (REQUEST_INFO), the commune's secretary answers (PROVIDE_INFO), bearer token and If-Match on every request; a request never shares its adhesion with another in flight.`, '');

    lines.push('### References, same run', '', '| reference | conc. | operations/s | p50 ms | p99 ms |', '|---|---:|---:|---:|---:|');
    for (const [kind, figures] of Object.entries(r.bare ?? {})) {
      for (const [c, f] of Object.entries(figures)) lines.push(`| bare route, ${kind} | ${c} | ${fmtSpread(f.perSecond)} | ${ms(f.p50)} | ${ms(f.p99)} |`);
    }
    for (const t of r.transitions) {
      for (const [c, f] of Object.entries(t.raw.cas)) lines.push(`| raw CAS UPDATE, ${t.database} | ${c} | ${fmtSpread(f.perSecond)} | ${ms(f.p50)} | ${ms(f.p99)} |`);
      for (const [c, f] of Object.entries(t.raw.tx)) lines.push(`| raw tx: CAS + audit + outbox, ${t.database} | ${c} | ${fmtSpread(f.perSecond)} | ${ms(f.p50)} | ${ms(f.p99)} |`);
      for (const [c, f] of Object.entries(t.raw.own ?? {})) {
        const tx = t.raw.tx[c]?.perSecond.median;
        lines.push(`| a command's own statements, replayed raw (the data model's ceiling), ${t.database} | ${c} | ${fmtSpread(f.perSecond)}${tx ? ` = ${ratio(f.perSecond.median, tx)} the raw tx` : ''} | ${ms(f.p50)} | ${ms(f.p99)} |`);
      }
    }
    if (r.transitions.some((t) => t.prototypes.length > 0)) {
      lines.push(
        '',
        '### Variants of the running api (10 connections / 10 in flight; each run paired with a run as is just before it)',
        '',
        '| database | variant | HTTP as is | HTTP variant | difference | HTTP p99 ms, variant | in-process as is | variant | difference |',
        '|---|---|---:|---:|---:|---:|---:|---:|---:|',
      );
    }
    const gain = (g: Spread | undefined) => (g ? `${g.median >= 1 ? '+' : ''}${((g.median - 1) * 100).toFixed(0)} % (${((g.min - 1) * 100).toFixed(0)}…${((g.max - 1) * 100).toFixed(0)})` : '—');
    for (const t of r.transitions) {
      for (const p of t.prototypes) {
        lines.push(
          `| ${t.database} | ${p.name} | ${fmtSpread(p.baseHttp10.perSecond)} | ${fmtSpread(p.http10.perSecond)} | ${gain(p.httpGain)} | ${ms(p.http10.p99)} | ${p.baseInProcess10 ? fmtSpread(p.baseInProcess10.perSecond) : '—'} | ${p.inProcess10 ? fmtSpread(p.inProcess10.perSecond) : '—'} | ${gain(p.inProcessGain)} |`,
        );
      }
    }
    lines.push('', '### Statements per command (one command at a time, the api\'s relay included)', '', '| database | ms per command | statements (count × per command, SQL time per command) | SQL ms |', '|---|---:|---|---:|');
    for (const t of r.transitions) {
      const entries = Object.entries(t.statements.statements);
      const sqlMs = entries.reduce((n, [, v]) => n + v.msPerCommand, 0);
      lines.push(`| ${t.database} | ${fmt(t.statements.commandMs)} | ${entries.map(([k, v]) => `${k} ×${v.perCommand} (${v.msPerCommand.toFixed(3)} ms)`).join(', ')} | ${sqlMs.toFixed(2)} |`);
    }
    const micro = r.transitions[0]?.micro;
    if (micro) {
      lines.push('', `### CPU per piece of a request (µs per call, no database, ${r.transitions[0].database} api process)`, '', '| piece | µs |', '|---|---:|');
      for (const [k, v] of Object.entries(micro)) lines.push(`| ${k} | ${fmt(v)} |`);
    }
    lines.push('', `Outbox rows not yet relayed right after the last in-process run (5 s, 50 in flight): ${r.transitions.map((t) => `${t.database} ${t.outboxPendingAfterLoad}`).join(', ')}. Peak RSS of the api process after the HTTP runs: ${r.transitions.map((t) => `${t.database} ${t.apiPeakHttpMiB} MiB`).join(', ')}; after the in-process and raw loops too (bench work in the same process): ${r.transitions.map((t) => `${t.database} ${t.apiPeakMiB} MiB`).join(', ')}.`, '');
  }

  for (const s of r.scale) {
    lines.push(`## Scale on ${s.database}: ${fmt(s.adhesions)} adhesions`, '');
    lines.push(
      `${fmt(s.adhesions)} adhesions (${Object.entries(s.byProfile).map(([k, v]) => `${k} ${fmt(v)}`).join('; ')}), ${fmt(s.auditRows)} audit rows, ${fmt(s.users)} users; database ${s.databaseSizeMiB ?? '?'} MiB.`,
      '',
      '| phase | time | rate |',
      '|---|---:|---:|',
      `| import all of France (${s.phases.importFrance.communes} communes, ${s.phases.importFrance.epcis} EPCIs) | ${fmt(s.phases.importFrance.seconds)} s | |`,
      `| bulk insert (adhesions + audit rows, generated in SQL) | ${fmt(s.phases.bulkInsert.seconds)} s | ${fmt(s.phases.bulkInsert.rowsPerSecond)} rows/s |`,
    );
    const st = s.storm;
    if (st.mode === 'parallel') lines.push(`| (storm run in the **prototype** mode of proposals P5–P6: deadlines 8 at a time, messages 32 at a time) | | |`);
    if (st.userIndexes) lines.push(`| (storm run with the **proposed indexes** on app_user (commune_insee), (epci_siren)) | | |`);
    if (st.finished) {
      lines.push(
        `| storm: deliver ${fmt(st.deadlines!.count)} due deadlines (RENEWAL_WINDOW_OPENED) | ${fmt(st.deadlines!.seconds)} s | ${fmt(st.deadlines!.perSecond)}/s |`,
        `| storm: decide ${fmt(st.reminders!.count)} due reminders (ledger) | ${fmt(st.reminders!.seconds)} s | ${fmt(st.reminders!.perSecond)}/s |`,
        `| **storm sweep** (the two above) | **${fmt(st.sweepSeconds!)} s** | |`,
        `| storm: deliver ${fmt(st.delivery!.count)} messages to the SMTP sink (${fmt(st.delivery!.received)} received, ${st.delivery!.duplicates} duplicates)${st.wholeSeconds !== undefined ? ', from the first sent to the last' : ''} | ${fmt(st.delivery!.seconds)} s | **${fmt(st.delivery!.perSecond)} messages/s** |`,
        ...(st.wholeSeconds !== undefined
          ? [`| the product's whole sweep, decided and sent (messages go out while it decides: the first after ${fmt(st.firstSentSeconds ?? 0)} s) | ${fmt(st.wholeSeconds)} s | |`]
          : []),
        `| outbox relay drained after the storm (${fmt(st.relayDrain!.moved)} rows left to move) | ${fmt(st.relayDrain!.seconds)} s | |`,
        `| a routine sweep afterwards, nothing new due | ${fmt(st.resweep!.seconds)} s | |`,
      );
    } else if (st.progressAtBudget) {
      const p = st.progressAtBudget;
      lines.push(`| storm (${fmt(st.adhesions)} due): **unfinished** at the budget | ${fmt(p.seconds)} s | ${fmt(p.applied)} deadlines, ${fmt(p.decided)} reminders decided, ${fmt(p.sent)} sent |`);
    }
    lines.push(
      '',
      `After the storm: each window event once: ${st.windowEventsOnce === null ? 'n/a' : st.windowEventsOnce ? 'yes' : '**no**'}; stored state = replay of the audit trail for ${st.replayCheck.checked - st.replayCheck.failures}/${st.replayCheck.checked} sampled adhesions.`,
      '',
      '| read | clients | p50 ms | p95 ms | p99 ms | requests/s | matches |',
      '|---|---:|---:|---:|---:|---:|---:|',
    );
    for (const x of s.reads) lines.push(`| ${x.label} | ${x.concurrency} | ${ms(x.p50)} | ${ms(x.p95)} | ${ms(x.p99)} | ${fmtSpread(x.perSecond)} | ${x.matches ?? ''} |`);
    if (s.listSql?.length) {
      lines.push(
        '',
        `The same list requests on the database alone (median of 5, count + page; ${fmt(s.adhesions)} adhesions): as the api sends them, rewritten (summary columns, ORDER BY … NULLS LAST, count capped at 10,000), and rewritten with the proposed indexes.`,
        '',
        '| list | matches | as is ms | rewritten ms | + indexes ms | same rows |',
        '|---|---:|---:|---:|---:|---|',
      );
      for (const f of s.listSql) lines.push(`| ${f.label} | ${f.total} | ${fmt(f.asIsMs)} | ${fmt(f.proposedMs)} | ${fmt(f.proposedIndexedMs)} | ${f.sameRows ? 'yes' : '**no**'} |`);
    }
    lines.push('', `Peak RSS: api ${s.memoryPeakMiB.api ?? '?'} MiB, storm worker ${s.memoryPeakMiB.worker ?? '?'} MiB, bench process (SMTP sink, load generator) ${s.memoryPeakMiB.bench ?? '?'} MiB.`, '');
  }
  return lines.join('\n');
}

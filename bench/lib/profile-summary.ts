// Summarises a V8 .cpuprofile: self time by package or source area, and the heaviest functions.
// `node dist/bench/lib/profile-summary.js <file.cpuprofile>`
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

export function summarise(path: string, top = 25): string {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const t = self.get(node.id) ?? 0;
    if (!t) continue;
    const url = node.callFrame.url;
    const area = !url
      ? `(${node.callFrame.functionName || 'native'})`
      : url.includes('node_modules/')
        ? url.split('node_modules/').pop()!.split('/').slice(0, url.split('node_modules/').pop()!.startsWith('@') ? 2 : 1).join('/')
        : url.includes('/dist/')
          ? url.split('/dist/').pop()!.split('/').slice(0, 3).join('/')
          : url.startsWith('node:')
            ? url
            : 'other';
    byArea.set(area, (byArea.get(area) ?? 0) + t);
    const key = `${node.callFrame.functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + t);
  }
  const pct = (t: number) => `${((t / total) * 100).toFixed(1)}%`;
  const lines = [`total ${(total / 1e6).toFixed(1)} s sampled`, '', 'by area:'];
  for (const [k, v] of [...byArea].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(v).padStart(6)}  ${k}`);
  lines.push('', 'by function (self):');
  for (const [k, v] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(v).padStart(6)}  ${k}`);
  // Inclusive: the time of every sample whose stack holds the function, each function once per stack.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const keyOf = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
  const inclusive = new Map<string, number>();
  for (const [id, t] of self) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) seen.add(keyOf(byId.get(at)!));
    for (const k of seen) inclusive.set(k, (inclusive.get(k) ?? 0) + t);
  }
  const ours = (k: string) => /^\S+ (src|adhesions|apply-event|notifications|repositories|common|auth|http)\//.test(k) || k.includes('.usecase') || k.includes('/dist/');
  lines.push('', 'by function (inclusive, project code and the heaviest others):');
  for (const [k, v] of [...inclusive].filter(([k]) => ours(k) || !k.startsWith('(')).sort((a, b) => b[1] - a[1]).slice(0, top * 2)) lines.push(`  ${pct(v).padStart(6)}  ${k}`);
  return lines.join('\n');
}

if (process.argv[1]?.endsWith('profile-summary.js')) console.log(summarise(process.argv[2], Number(process.argv[3] ?? 25)));

#!/usr/bin/env node
// Builds what changed, quietly: the server (tsc, into dist/) when a source under apps/ or libs/ is newer
// than the last build, and the web application (Vite) when apps/web or libs/contracts changed. The web is
// built into a new folder and swapped in with two renames, so a running server never serves an empty folder.
//   node scripts/build.mjs            build what changed (npm start, start:api, start:worker, cli)
//   node scripts/build.mjs --force    build everything (npm run build)
//   node scripts/build.mjs --web      only the web application (with --force: always)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const args = new Set(process.argv.slice(2));
const force = args.has('--force');
const onlyWeb = args.has('--web');

const SERVER_STAMP = join(root, 'dist/.build-stamp');
const WEB_DIST = join(root, 'apps/web/dist');
const WEB_STAMP = join(WEB_DIST, '.build-stamp');

/** The newest modification time under `paths` (files or folders), skipping `skip`. */
function newest(paths, skip = () => false) {
  let latest = 0;
  const visit = (path) => {
    if (skip(path) || !existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else latest = Math.max(latest, stat.mtimeMs);
  };
  for (const path of paths) visit(join(root, path));
  return latest;
}

const stampTime = (stamp) => (existsSync(stamp) ? statSync(stamp).mtimeMs : 0);
const ignored = (path) => /[/\\](node_modules|dist|test|\.git)$/.test(path) || /\.(e2e-)?spec\.ts$/.test(path);

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const bin = (name) => join(root, 'node_modules/.bin', name);

function buildServer() {
  const sources = newest(['apps', 'libs', 'tsconfig.json', 'tsconfig.build.json', 'package.json'], (p) => ignored(p) || p === join(root, 'apps/web'));
  if (!force && existsSync(join(root, 'dist/apps/api/src/main.js')) && sources <= stampTime(SERVER_STAMP)) return false;
  run(bin('tsc'), ['-p', 'tsconfig.build.json']);
  writeFileSync(SERVER_STAMP, `${new Date().toISOString()}\n`);
  return true;
}

function buildWeb() {
  const sources = newest(['apps/web', 'libs/contracts/src', 'package.json'], (p) => ignored(p));
  if (!force && existsSync(join(WEB_DIST, 'index.html')) && sources <= stampTime(WEB_STAMP)) return false;
  const next = join(root, `apps/web/.dist-next-${process.pid}`);
  const old = join(root, `apps/web/.dist-old-${process.pid}`);
  rmSync(next, { recursive: true, force: true });
  run(bin('vite'), ['build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn', '--outDir', next, '--emptyOutDir']);
  writeFileSync(join(next, '.build-stamp'), `${new Date().toISOString()}\n`);
  if (existsSync(WEB_DIST)) renameSync(WEB_DIST, old);
  renameSync(next, WEB_DIST);
  rmSync(old, { recursive: true, force: true });
  return true;
}

const started = Date.now();
const built = [...(onlyWeb ? [] : [buildServer() && 'server']), buildWeb() && 'web'].filter(Boolean);
if (built.length) console.log(`Built ${built.join(' and ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);

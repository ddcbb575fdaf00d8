// A closed-loop HTTP load with exact percentiles (autocannon's histogram has no p95): `concurrency`
// loops, each sending its next request when the previous answer has arrived, over keep-alive sockets.
import http from 'node:http';
import { Samples } from './stats.js';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  non2xx: number;
  errors: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  durationMs: number;
}

export async function httpLoad(options: {
  port: number;
  concurrency: number;
  durationMs?: number;
  count?: number;
  next: (i: number) => LoadRequest;
}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const samples = new Samples();
  let issued = 0;
  let non2xx = 0;
  let errors = 0;
  const started = performance.now();
  const until = options.durationMs ? started + options.durationMs : Infinity;
  const limit = options.count ?? Infinity;

  const one = (request: LoadRequest) =>
    new Promise<number>((resolve) => {
      const body = request.body;
      const req = http.request(
        {
          host: '127.0.0.1',
          port: options.port,
          method: request.method,
          path: request.path,
          agent,
          headers: { ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}), ...request.headers },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', () => resolve(-1));
      if (body) req.write(body);
      req.end();
    });

  const loop = async () => {
    while (performance.now() < until && issued < limit) {
      const i = issued++;
      const t0 = performance.now();
      const status = await one(options.next(i));
      samples.push(performance.now() - t0);
      if (status < 0) errors++;
      else if (status < 200 || status >= 300) non2xx++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  const durationMs = performance.now() - started;
  agent.destroy();
  return {
    requests: samples.length,
    non2xx,
    errors,
    perSecond: (samples.length / durationMs) * 1000,
    p50: samples.percentile(50),
    p95: samples.percentile(95),
    p99: samples.percentile(99),
    max: samples.percentile(100),
    durationMs,
  };
}

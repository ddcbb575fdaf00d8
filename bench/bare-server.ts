// The HTTP references, in a process of their own like the api: the same route shape
// (POST /api/adhesions/:id/events with a JSON body) answering a constant, on
//   express — the HTTP adapter the api runs on (Nest's platform-express, Express 5), with its JSON body parser;
//   nest    — a Nest application on that adapter with one controller, no guard, no database;
//   node    — node:http alone, the floor.
import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Param, Post, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import express from 'express';
import http from 'node:http';
import { processMemory } from './lib/machine.js';
import { serveIpc } from './lib/proc.js';

const ANSWER = { id: '00000000-0000-0000-0000-000000000000', version: 2, state: 'study', stateLabel: 'Étude' };

@Controller('adhesions')
class BareController {
  @Post(':id/events')
  @HttpCode(200)
  send(@Param('id') id: string, @Body() body: Record<string, unknown>) {
    return { ...ANSWER, id, type: body?.type };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

let close: () => Promise<void> = async () => undefined;

async function start(args: { kind: 'express' | 'nest' | 'node' }): Promise<{ port: number }> {
  let server: http.Server;
  if (args.kind === 'nest') {
    const app: INestApplication = await NestFactory.create(BareModule, { logger: false });
    app.setGlobalPrefix('api');
    await app.listen(0, '127.0.0.1');
    server = app.getHttpServer();
    close = () => app.close();
  } else if (args.kind === 'express') {
    const app = express();
    app.use(express.json());
    app.post('/api/adhesions/:id/events', (req, res) => {
      res.json({ ...ANSWER, id: req.params.id, type: (req.body as Record<string, unknown>)?.type });
    });
    server = await new Promise<http.Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    close = () => new Promise((resolve) => server.close(() => resolve()));
  } else {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>;
        const id = req.url?.split('/')[3] ?? '';
        const payload = JSON.stringify({ ...ANSWER, id, type: body.type });
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
        res.end(payload);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    close = () => new Promise((resolve) => server.close(() => resolve()));
  }
  return { port: (server.address() as { port: number }).port };
}

serveIpc({
  start: (args) => start(args as { kind: 'express' | 'nest' | 'node' }),
  memory: () => processMemory(),
  stop: async () => {
    await close().catch(() => undefined);
    setTimeout(() => process.exit(0), 50);
    return true;
  },
});

// A worker process on its own (`npm run start:worker`): any number of them may run against one
// PostgreSQL and one Redis; jobs are shared by BullMQ and every write is a compare-and-swap.
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InvalidConfiguration, loadConfig } from '#application';
import { exitWithin } from '#scheduling';
import { WorkerRootModule } from './worker.module.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig({ ...process.env, ALACARTE_ROLE: 'worker' });
  } catch (error) {
    if (error instanceof InvalidConfiguration) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  exitWithin();
  const app = await NestFactory.createApplicationContext(WorkerRootModule.forRoot(config));
  app.enableShutdownHooks();
  new Logger('Main').log(`À la carte worker started (${config.database.type}, Redis ${config.redis.url}, prefix ${config.redis.prefix})`);
}

void main();

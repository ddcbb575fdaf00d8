import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './bootstrap.js';
import { InvalidConfiguration, loadConfig } from '#application';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof InvalidConfiguration) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApp(config);
  await app.listen(config.port);
  new Logger('Main').log(`À la carte listening on http://localhost:${config.port} (${config.database.type}, role ${config.role})`);
}

void main();

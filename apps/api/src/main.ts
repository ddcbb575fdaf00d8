import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './bootstrap.js';
import { InvalidConfiguration, loadConfig } from '#application';
import { exitWithin } from '#scheduling';

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
  exitWithin();
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  new Logger('Main').log(`À la carte listening on http://${config.host}:${config.port} (${config.database.type}, role ${config.role})`);
}

void main();

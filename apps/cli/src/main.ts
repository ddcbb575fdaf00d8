// Administration from the command line: create users, import EPCIs and communes. Same database
// configuration as the server (DATABASE_URL), same use cases, same validation.
//   npm run cli -- user:create --email … --role secretary|agent|dgs|admin [--commune INSEE | --epci SIREN] [--pole …] --password …
//   npm run cli -- import --epci <SIREN>
//   npm run cli -- import --all
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { NestFactory } from '@nestjs/core';
import { CoreModule, CreateUserUseCase, ImportReferenceUseCase, InvalidConfiguration, loadConfig } from '#application';
import { PersistenceModule } from '#persistence';
import { DomainError } from '#workflow';

const USAGE = `Usage:
  npm run cli -- user:create --email <email> --role <secretary|agent|dgs|admin> --password <password>
                             [--commune <INSEE>] [--epci <SIREN>] [--pole <pole>] [--name <display name>]
  npm run cli -- import --epci <SIREN>
  npm run cli -- import --all`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      commune: { type: 'string' },
      epci: { type: 'string' },
      pole: { type: 'string' },
      name: { type: 'string' },
      all: { type: 'boolean' },
    },
    strict: true,
  });
  if (command !== 'user:create' && command !== 'import') {
    console.error(USAGE);
    return 2;
  }
  // The same use cases as the server, wired the same way; never the demo seed.
  const config = { ...loadConfig(), seedDemo: false };
  const app = await NestFactory.createApplicationContext(CoreModule.forRoot(config, PersistenceModule.forRoot(config.database)), { logger: ['error'] });
  try {
    if (command === 'user:create') {
      const user = await app.get(CreateUserUseCase).execute(
        { email: values.email, role: values.role, password: values.password, commune: values.commune, epci: values.epci, pole: values.pole, displayName: values.name },
        new Date().toISOString(),
      );
      console.log(`Created ${user.role} ${user.email} (${user.id})`);
      return 0;
    }
    if (values.all) {
      const bar = new SingleBar({ format: 'Import {bar} {percentage}% | {value}/{total} EPCI et communes | {duration}s', hideCursor: true }, Presets.shades_classic);
      let started = false;
      const result = await app.get(ImportReferenceUseCase).all((done, total) => {
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.update(done);
      });
      bar.stop();
      console.log(`Imported ${result.epcis} EPCIs and ${result.communes} communes`);
      return 0;
    }
    if (!values.epci) {
      console.error(USAGE);
      return 2;
    }
    const result = await app.get(ImportReferenceUseCase).epci(values.epci);
    console.log(`Imported ${result.epci}: ${result.communes} communes`);
    return 0;
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof DomainError) {
      const issues = (error.details.issues as Array<{ field: string; code: string }> | undefined)?.map((i) => `  --${i.field}: ${i.code}`).join('\n');
      console.error(`${error.message}${issues ? `\n${issues}` : ''}`);
    } else if (error instanceof InvalidConfiguration || (error as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message}\n\n${USAGE}`);
    } else {
      console.error(error);
    }
    process.exit(1);
  },
);

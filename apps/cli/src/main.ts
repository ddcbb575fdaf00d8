// Administration from the command line: create users, import EPCIs and communes. Same database
// configuration as the server (DATABASE_URL), same use cases, same validation.
//   npm run cli -- user:create --email … --role secretary|agent|dgs|admin [--commune INSEE | --epci SIREN] [--pole …]
//   npm run cli -- user:reset-password --email …
// The password is never an argument (it would stay in the shell's history and in `ps`): it is asked for on a
// terminal, without echo, or read from the first line of stdin (`… < file`, or a pipe).
//   npm run cli -- import --epci <SIREN>
//   npm run cli -- import --all
import 'reflect-metadata';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { NestFactory } from '@nestjs/core';
import { CoreModule, CreateUserUseCase, ImportReferenceUseCase, InvalidConfiguration, loadConfig, SessionsUseCase, SYSTEM_ACTOR } from '#application';
import { PersistenceModule } from '#persistence';
import { DomainError } from '#workflow';

const USAGE = `Usage:
  npm run cli -- user:create --email <email> --role <secretary|agent|dgs|admin>
                             [--commune <INSEE>] [--epci <SIREN>] [--pole <pole>] [--name <display name>]
  npm run cli -- user:reset-password --email <email>
  (the password is asked for on a terminal, or read from the first line of stdin;
   at least 12 characters, not a common one; an agent's pole is one of its EPCI's poles)
  npm run cli -- import --epci <SIREN>
  npm run cli -- import --all`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      commune: { type: 'string' },
      epci: { type: 'string' },
      pole: { type: 'string' },
      name: { type: 'string' },
      all: { type: 'boolean' },
    },
    strict: true,
  });
  if (command !== 'user:create' && command !== 'user:reset-password' && command !== 'import') {
    console.error(USAGE);
    return 2;
  }
  // The same use cases as the server, wired the same way; never the demo seed.
  const config = { ...loadConfig(), seedDemo: false };
  const app = await NestFactory.createApplicationContext(CoreModule.forRoot(config, PersistenceModule.forRoot(config.database)), { logger: ['error'] });
  try {
    if (command === 'user:reset-password') {
      if (!values.email) {
        console.error(USAGE);
        return 2;
      }
      const password = await readPassword(`Nouveau mot de passe de ${values.email} : `);
      const user = await app.get(SessionsUseCase).resetPassword(SYSTEM_ACTOR, { email: values.email }, { newPassword: password });
      console.log(`Password of ${user.email} reset; every session of the user is revoked`);
      return 0;
    }
    if (command === 'user:create') {
      const password = await readPassword(`Mot de passe de ${values.email ?? 'l’utilisateur'} : `);
      const user = await app.get(CreateUserUseCase).execute(
        { email: values.email, role: values.role, password, commune: values.commune, epci: values.epci, pole: values.pole, displayName: values.name },
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

/** The password: asked twice on a terminal, without echo; else the first line of stdin. */
async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    return text.split(/\r?\n/)[0] ?? '';
  }
  const first = await askHidden(prompt);
  const second = await askHidden('Confirmez : ');
  if (first !== second) throw new PasswordMismatch('The two passwords differ');
  return first;
}

class PasswordMismatch extends Error {}

function askHidden(prompt: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(prompt, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof DomainError) {
      const issues = (error.details.issues as Array<{ field: string; code: string }> | undefined)?.map((i) => `  --${i.field}: ${i.code}`).join('\n');
      console.error(`${error.message}${issues ? `\n${issues}` : ''}`);
    } else if (error instanceof PasswordMismatch) {
      console.error(error.message);
    } else if (error instanceof InvalidConfiguration || (error as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message}\n\n${USAGE}`);
    } else {
      console.error(error);
    }
    process.exit(1);
  },
);

// Drops whatever this run left behind in PostgreSQL (a crashed test file, an interrupted run).
import pg from 'pg';

export default async function globalTeardown() {
  const run = (process.env.ALACARTE_TEST_RUN ?? 'local').toLowerCase();
  const client = new pg.Client({ connectionString: process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test' });
  try {
    await client.connect();
    const { rows } = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`alacarte\\_t\\_${run}\\_%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  } catch (error) {
    console.warn(`Could not drop the test databases of run ${run}: ${error.message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

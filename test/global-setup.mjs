// One id per test run: every PostgreSQL database (and Redis prefix) that the run creates carries it, so
// that runs never see each other's data and the teardown drops exactly what this run made.
// Plain JavaScript: Jest loads global setup files outside its module mapping.
import { randomBytes } from 'node:crypto';

export default function globalSetup() {
  process.env.ALACARTE_TEST_RUN ??= `r${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

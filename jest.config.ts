/** @jest-config-loader esbuild-register */
// Jest runs in native ESM mode (Nest 12 is ESM-only); SWC strips types and keeps decorator metadata.
import type { Config } from 'jest';

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const config: Config = {
  rootDir: '.',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc as never },
  moduleNameMapper: {
    '^#(workflow|domain|persistence|application|scheduling|documents|contracts)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts', '<rootDir>/{apps,libs,test}/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  testTimeout: 60_000,
  // Three workers on the two cores: the e2e files wait on PostgreSQL, Redis, Chromium and the processes they
  // start, so two workers left a fifth of the CPU idle. Measured on this machine (docs/PERFORMANCE.md, decision 14):
  // 424 s with 2, 358 s with 3, the same tests passing.
  maxWorkers: 3,
  // A worker that ran the process tests holds a large heap (all of France's communes, the storm): on two busy
  // cores it needs more than Jest's default 500 ms to take its end message and exit, and Jest then killed it
  // and blamed a leak. None is left: --detectOpenHandles finds none, and after its last file a worker holds
  // only its stdio and its IPC channel. Measured: it exits by itself well within this.
  workerGracefulExitTimeout: 5_000,
};

export default config;

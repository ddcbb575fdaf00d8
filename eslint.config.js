// Lint: the recommended TypeScript rules, plus the one architectural rule the libs live by.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'apps/web/dist/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: globals.node } },
  // The web application runs in the browser: its globals, not Node's.
  { files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'], languageOptions: { globals: globals.browser } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/apps/**'], message: 'libs never import apps.' }] }],
    },
  },
  {
    // libs/application talks to storage through its ports only: no TypeORM, no SQL, no persistence lib.
    files: ['libs/application/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['typeorm', 'typeorm/*', 'pg', 'better-sqlite3', 'bullmq', 'ioredis'], message: 'libs/application talks to storage and queues through its ports (libs/application/src/ports).' },
            { group: ['#persistence', '#scheduling', '**/persistence/**', '**/scheduling/**', '**/apps/**'], message: 'libs/application owns the ports; libs/persistence and libs/scheduling implement them.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'Literal[value=/^\\s*(SELECT|INSERT|UPDATE|DELETE)\\s/i]', message: 'No SQL in libs/application: add a method to a repository port.' },
        { selector: 'TemplateElement[value.raw=/^\\s*(SELECT|INSERT|UPDATE|DELETE)\\s/i]', message: 'No SQL in libs/application: add a method to a repository port.' },
      ],
    },
  },
  {
    // libs/contracts is imported by the browser: zod and nothing else.
    files: ['libs/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!zod$|\\./)', message: 'libs/contracts is pure: zod and its own files only (the browser imports it).' },
          ],
        },
      ],
    },
  },
  {
    // libs/workflow is pure: no framework, no persistence, no I/O, no clock, and libs never import apps.
    files: ['libs/workflow/**/*.ts', 'libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*', 'typeorm', 'bullmq', 'ioredis', 'pg', 'better-sqlite3', 'node:*', 'fs', 'http'], message: 'libs/workflow and libs/domain are pure.' },
            { group: ['**/apps/**', '#persistence'], message: 'libs never import apps; pure libs do not import persistence.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'No clock in pure libs: take the instant as an argument.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'No clock in pure libs.' },
      ],
    },
  },
);

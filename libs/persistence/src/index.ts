// libs/persistence: TypeORM entities, migrations, the DataSource for SQLite or PostgreSQL, the unit of work.
export * from './data-source.js';
export * from './entities/index.js';
export * from './unit-of-work.js';
export * from './seed/index.js';

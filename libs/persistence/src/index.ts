// libs/persistence: TypeORM entities, migrations, the DataSource for SQLite or PostgreSQL, the unit of work,
// and the TypeORM implementations of the application's ports with their Nest module.
export * from './data-source.js';
export * from './entities/index.js';
export * from './unit-of-work.js';
export * from './seed/index.js';
export * from './repositories/index.js';
export * from './typeorm-unit-of-work.js';
export * from './database-attachment-storage.js';
export * from './persistence.module.js';

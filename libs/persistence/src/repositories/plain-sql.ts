// The command path's statements in plain SQL (docs/PERFORMANCE.md, P3). Building a statement with TypeORM's
// query builder, and turning its rows into entities, cost several times what the database takes to run it
// (a command's five statements: half the api's CPU). These helpers write the same SQL once per shape, from the
// entities' own metadata, and keep TypeORM's conversions of each value (`preparePersistentValue`,
// `prepareHydratedValue`), so the rows read and written are the ones the query builder would give. The
// statement goes through the manager as any other (its transaction, its logging); better-sqlite3 keeps it
// prepared (TypeORM's statement cache).
import { type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';

type Dialect = 'sqlite' | 'postgres';
type Column = ReturnType<EntityManager['connection']['getMetadata']>['columns'][number];

const statements = new Map<string, string>();
/** Rows per INSERT: the shapes stay few (and prepared), the bound parameters far under both databases' limits. */
const ROWS_PER_INSERT = 100;

/** The statement of this shape, written once (the shapes are bounded; the map is emptied if they were not). */
function cached(key: string, write: () => string): string {
  let sql = statements.get(key);
  if (sql === undefined) {
    if (statements.size >= 2_000) statements.clear();
    statements.set(key, (sql = write()));
  }
  return sql;
}

function dialectOf(m: EntityManager): Dialect {
  return m.connection.options.type === 'postgres' ? 'postgres' : 'sqlite';
}

const quote = (name: string) => `"${name}"`;
const placeholder = (dialect: Dialect, n: number) => (dialect === 'postgres' ? `$${n}` : '?');

function metadataOf(m: EntityManager, entity: EntityTarget<ObjectLiteral>) {
  return m.connection.getMetadata(entity);
}

function persisted(m: EntityManager, column: Column, value: unknown): unknown {
  return m.connection.driver.preparePersistentValue(value, column);
}

/**
 * INSERT the rows, one statement per set of defined columns: a column a row leaves undefined takes the
 * database's default, as with TypeORM's insert. Nothing is read back, and the caller's objects are not changed.
 */
export async function insertRows<T extends ObjectLiteral>(m: EntityManager, entity: EntityTarget<T>, rows: readonly Partial<T>[]): Promise<void> {
  const meta = metadataOf(m, entity);
  const dialect = dialectOf(m);
  const groups = new Map<string, { columns: Column[]; rows: Array<Partial<T>> }>();
  for (const row of rows) {
    const columns = meta.columns.filter((c) => row[c.propertyName as keyof T] !== undefined);
    const key = columns.map((c) => c.propertyName).join(',');
    const group = groups.get(key) ?? groups.set(key, { columns, rows: [] }).get(key)!;
    group.rows.push(row);
  }
  for (const [key, { columns, rows: all }] of groups) {
    for (let i = 0; i < all.length; i += ROWS_PER_INSERT) await insertGroup(m, meta.tableName, dialect, key, columns, all.slice(i, i + ROWS_PER_INSERT));
  }
}

async function insertGroup<T extends ObjectLiteral>(m: EntityManager, table: string, dialect: Dialect, key: string, columns: Column[], group: Array<Partial<T>>): Promise<void> {
  const sql = cached(`insert ${dialect} ${table} ${key} ${group.length}`, () => {
    let n = 0;
    const values = group.map(() => `(${columns.map(() => placeholder(dialect, ++n)).join(', ')})`).join(', ');
    return `INSERT INTO ${quote(table)} (${columns.map((c) => quote(c.databaseName)).join(', ')}) VALUES ${values}`;
  });
  await m.query(sql, group.flatMap((row) => columns.map((c) => persisted(m, c, row[c.propertyName as keyof T]))));
}

/**
 * UPDATE … SET `changes` WHERE every `where` column equals its value; the number of rows it changed.
 * `RETURNING 1` counts them the same way on both databases.
 */
export async function updateWhere<T extends ObjectLiteral>(
  m: EntityManager,
  entity: EntityTarget<T>,
  changes: Partial<T>,
  where: Partial<T>,
): Promise<number> {
  const meta = metadataOf(m, entity);
  const dialect = dialectOf(m);
  const columnOf = (property: string) => {
    const column = meta.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${meta.tableName} has no column for ${property}`);
    return column;
  };
  const set = Object.keys(changes).filter((k) => changes[k as keyof T] !== undefined).map(columnOf);
  const conditions = Object.keys(where).map(columnOf);
  const sql = cached(`update ${dialect} ${meta.tableName} ${set.map((c) => c.propertyName).join(',')} where ${conditions.map((c) => c.propertyName).join(',')}`, () => {
    let n = 0;
    const assignments = set.map((c) => `${quote(c.databaseName)} = ${placeholder(dialect, ++n)}`).join(', ');
    const filter = conditions.map((c) => `${quote(c.databaseName)} = ${placeholder(dialect, ++n)}`).join(' AND ');
    return `UPDATE ${quote(meta.tableName)} SET ${assignments} WHERE ${filter} RETURNING 1 AS "changed"`;
  });
  const raw = (await m.query(sql, [
    ...set.map((c) => persisted(m, c, changes[c.propertyName as keyof T])),
    ...conditions.map((c) => persisted(m, c, where[c.propertyName as keyof T])),
  ])) as unknown;
  // PostgreSQL's runner answers an UPDATE with [rows, rowCount]; SQLite's with the rows RETURNING gives.
  if (dialect === 'postgres' && Array.isArray(raw) && raw.length === 2 && typeof raw[1] === 'number') return raw[1];
  return Array.isArray(raw) ? raw.length : 0;
}

/** `alias."column" AS "alias_column"` for every column of the entity: the select list that `hydrate` reads. */
export function selectColumns(m: EntityManager, entity: EntityTarget<ObjectLiteral>, alias: string): string {
  const meta = metadataOf(m, entity);
  return cached(`columns ${meta.tableName} ${alias}`, () =>
    meta.columns.map((c) => `${alias}.${quote(c.databaseName)} AS ${quote(`${alias}_${c.databaseName}`)}`).join(', '),
  );
}

/** The entity a row of `selectColumns(…, alias)` holds, each value converted as TypeORM converts it. */
export function hydrate<T extends ObjectLiteral>(m: EntityManager, entity: EntityTarget<T>, raw: Record<string, unknown>, alias: string): T {
  const meta = metadataOf(m, entity);
  const driver = m.connection.driver;
  const out: Record<string, unknown> = {};
  for (const column of meta.columns) {
    out[column.propertyName] = driver.prepareHydratedValue(raw[`${alias}_${column.databaseName}`], column);
  }
  return out as T;
}

/** A statement of this dialect with its `?` placeholders numbered for PostgreSQL. */
export function plain(m: EntityManager, key: string, write: () => string): string {
  const dialect = dialectOf(m);
  return cached(`plain ${dialect} ${key}`, () => {
    const sql = write();
    let n = 0;
    return dialect === 'postgres' ? sql.replace(/\?/g, () => `$${++n}`) : sql;
  });
}

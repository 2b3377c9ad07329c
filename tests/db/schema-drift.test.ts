// The Kysely schema (src/server/db/schema.ts) is written by hand beside the migrations: this test reads it with
// the TypeScript compiler (tables = the keys of `Database`, columns = each table type's properties) and holds it
// against information_schema of the migrated database the test runs on (PGlite, or PostgreSQL on DATABASE_URL).
import path from 'node:path';
import { sql } from 'kysely';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/server/db/database.ts';
import { openTestDatabase } from '../support/db.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCHEMA_FILE = path.join(ROOT, 'src/server/db/schema.ts');

/** Tables typed beside the one module that uses them (Kysely's withTables), not in `Database`: [file, type]. */
const LOCAL_TABLES: Record<string, [string, string]> = {
  idempotency_key: ['src/server/http/idempotency.ts', 'IdempotencyTable'],
  boundary_import: ['src/server/features/maps/store.ts', 'BoundaryImportTable'],
  unit_boundary: ['src/server/features/maps/store.ts', 'UnitBoundaryTable'],
};

/** Tables the migrations create that no query names through Kysely, each with its reason. */
const UNTYPED_TABLES: Record<string, string> = {
  schema_migration: 'bookkeeping of src/server/db/migrate.ts, raw SQL',
  dashboard_epoch: 'raised by triggers (migrations/0021), read with raw SQL by dashboards/cache.ts',
};

interface Column {
  /** null when the TypeScript type cannot say (unknown, any: a JSON column typed loosely). */
  nullable: boolean | null;
}
type Tables = Map<string, Map<string, Column>>;

/** The tables and columns `Database` declares; a column is nullable when its select type admits null. */
function typedSchema(): Tables {
  const localFiles = [...new Set(Object.values(LOCAL_TABLES).map(([file]) => path.join(ROOT, file)))];
  const program = ts.createProgram([SCHEMA_FILE, ...localFiles], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const declaration = (file: string, name: string): ts.InterfaceDeclaration | ts.TypeAliasDeclaration => {
    const found = program
      .getSourceFile(file)
      ?.statements.find(
        (s): s is ts.InterfaceDeclaration | ts.TypeAliasDeclaration =>
          (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) && s.name.text === name,
      );
    if (!found) throw new Error(`${path.relative(ROOT, file)} has no type ${name}`);
    return found;
  };
  // Kysely's ColumnType<S, I, U> (and Generated<S>) is an object whose __select__ is what a query reads.
  const selected = (type: ts.Type, at: ts.Node): ts.Type => {
    const select = type.getProperty('__select__');
    return select ? checker.getTypeOfSymbolAtLocation(select, at) : type;
  };
  const admitsNull = (type: ts.Type): boolean | null => {
    if (type.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) return null;
    if (type.isUnion()) return type.types.some((t) => (t.flags & ts.TypeFlags.Null) !== 0);
    return (type.flags & ts.TypeFlags.Null) !== 0;
  };
  const columnsOf = (tableType: ts.Type, at: ts.Node): Map<string, Column> => {
    const columns = new Map<string, Column>();
    for (const column of checker.getPropertiesOfType(tableType)) {
      columns.set(column.name, { nullable: admitsNull(selected(checker.getTypeOfSymbolAtLocation(column, at), at)) });
    }
    return columns;
  };
  const tables: Tables = new Map();
  const database = declaration(SCHEMA_FILE, 'Database');
  for (const table of checker.getPropertiesOfType(checker.getTypeAtLocation(database))) {
    tables.set(table.name, columnsOf(checker.getTypeOfSymbolAtLocation(table, database), database));
  }
  for (const [table, [file, name]] of Object.entries(LOCAL_TABLES)) {
    const local = declaration(path.join(ROOT, file), name);
    tables.set(table, columnsOf(checker.getTypeAtLocation(local), local));
  }
  return tables;
}

async function databaseSchema(handle: DatabaseHandle): Promise<Tables> {
  const rows = await sql<{ table_name: string; column_name: string; is_nullable: 'YES' | 'NO' }>`
    SELECT c.table_name, c.column_name, c.is_nullable
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
    ORDER BY c.table_name, c.ordinal_position`.execute(handle.db);
  const tables: Tables = new Map();
  for (const r of rows.rows) {
    const columns = tables.get(r.table_name) ?? new Map<string, Column>();
    columns.set(r.column_name, { nullable: r.is_nullable === 'YES' });
    tables.set(r.table_name, columns);
  }
  return tables;
}

/** `table.column` names of one side that the other lacks. */
function missing(from: Tables, other: Tables): string[] {
  const out: string[] = [];
  for (const [table, columns] of from) {
    const there = other.get(table);
    if (!there) continue;
    for (const column of columns.keys()) if (!there.has(column)) out.push(`${table}.${column}`);
  }
  return out.sort();
}

describe('schema drift: src/server/db/schema.ts against the migrated database', () => {
  let handle: DatabaseHandle;
  let typed: Tables;
  let actual: Tables;

  beforeAll(async () => {
    handle = await openTestDatabase();
    typed = typedSchema();
    actual = await databaseSchema(handle);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('reads a plausible schema on both sides (the parsing itself works)', () => {
    expect(typed.size).toBeGreaterThan(40);
    expect(typed.get('unit')?.get('parent_id')).toEqual({ nullable: true });
    expect(actual.get('unit')?.get('parent_id')).toEqual({ nullable: true });
    expect(typed.get('unit')?.get('code')).toEqual({ nullable: false });
    expect(typed.get('unit_boundary')?.has('geometry')).toBe(true);
  });

  it('has the same tables', () => {
    const inDatabase = [...actual.keys()].filter((t) => !(t in UNTYPED_TABLES)).sort();
    expect({ onlyInSchemaTs: [...typed.keys()].filter((t) => !actual.has(t)).sort() }).toEqual({ onlyInSchemaTs: [] });
    expect({ onlyInDatabase: inDatabase.filter((t) => !typed.has(t)) }).toEqual({ onlyInDatabase: [] });
  });

  it('has the same columns in every table', () => {
    expect({ onlyInSchemaTs: missing(typed, actual) }).toEqual({ onlyInSchemaTs: [] });
    expect({ onlyInDatabase: missing(actual, typed) }).toEqual({ onlyInDatabase: [] });
  });

  it('declares null exactly where the database allows it', () => {
    const wrong: string[] = [];
    for (const [table, columns] of typed) {
      for (const [column, { nullable }] of columns) {
        const there = actual.get(table)?.get(column);
        if (there && nullable !== null && there.nullable !== nullable) {
          wrong.push(
            `${table}.${column}: schema.ts ${nullable ? 'null' : 'not null'}, database ${there.nullable ? 'null' : 'not null'}`,
          );
        }
      }
    }
    expect(wrong.sort()).toEqual([]);
  });
});

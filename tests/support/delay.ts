// For the crash tests: CFC_TEST_DELAY_MS=<ms> with CFC_TEST_DELAY_TABLE=<table> sleeps after every insert
// into or update of that table, inside its transaction, so that a test can kill the server mid-transaction.
// Lives with the tests: the server takes it as one more Kysely plugin (tests/support/server-main.ts).
import {
  TableNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

/** The delay the environment asks for; null unless both variables are set. */
export function delayFromEnv(): KyselyPlugin | null {
  const ms = Number(process.env.CFC_TEST_DELAY_MS ?? 0);
  const table = process.env.CFC_TEST_DELAY_TABLE;
  if (!ms || !table) return null;
  const written = (node: RootOperationNode): string | undefined => {
    if (node.kind === 'InsertQueryNode') return node.into?.table.identifier.name;
    if (node.kind === 'UpdateQueryNode')
      return node.table && TableNode.is(node.table) ? node.table.table.identifier.name : undefined;
    // Bulk writes are raw SQL (the register import): `INSERT INTO child …`.
    if (node.kind === 'RawNode') return /^\s*(?:insert\s+into|update)\s+"?(\w+)/i.exec(node.sqlFragments[0] ?? '')?.[1];
    return undefined;
  };
  const delayed = new Set<unknown>();
  return {
    transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
      if (written(node) === table) delayed.add(queryId.queryId);
      return node;
    },
    async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      if (!delayed.delete(queryId.queryId)) return result;
      console.log(`CFC_TEST_DELAY ${table}`); // the test waits for this line, then kills the server
      await new Promise((resolve) => setTimeout(resolve, ms));
      return result;
    },
  };
}

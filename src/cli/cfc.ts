// The `cfc` command line: score a file, and the administration a deployment needs.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { RuleSetDefinition } from '../core/rule-sets/schema.ts';
import { pickLocale, translator } from '../i18n/index.ts';
import { scoreDocument } from './score-command.ts';
import { decodeText, TextEncodingError } from './text-file.ts';

// Vietnamese until the settings are read: the settings themselves may be what is wrong.
let t = translator('vi');

const usage = () => `${t('common:cli.usage')}
  cfc score FILE|-  [--rule-set-file DEF.json] [--lang vi|en]
  cfc migrate
  cfc import-units
  cfc import-categories FILE --province CODE
  cfc create-user --username U --password P --name "Họ tên" --role ROLE [--unit CODE] [--sector health|education|police|justice|culture|child_affairs] [--village "Tên thôn"] [--email E]
      ROLE: commune_officer, commune_chairman, collaborator, province_official, appraiser, sector_reviewer, signer, ministry_official, system_admin
  cfc recompute --year YYYY [--province CODE]
  cfc audit verify                  (audit log and access log; docs/security.md)
  cfc backup FILE [--no-files]
  cfc restore FILE [--no-files]    (into an empty database; docs/security.md)
${t('common:cli.exit_codes')}
`;

function fail(lines: string[], code = 2): never {
  for (const line of lines) process.stderr.write(line + '\n');
  process.exit(code);
}

/** A file's text (or standard input's, for '-'), in UTF-8 or UTF-16 as its BOM says; exit 2 if unreadable. */
async function readInput(file: string): Promise<string> {
  let bytes: Buffer;
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    bytes = Buffer.concat(chunks);
  } else {
    try {
      bytes = await readFile(file);
    } catch (error) {
      return fail([t('common:cli.cannot_read', { file, detail: (error as Error).message })]);
    }
  }
  try {
    return decodeText(bytes);
  } catch (error) {
    if (!(error instanceof TextEncodingError)) throw error;
    return fail([t('common:cli.bad_encoding', { file, encoding: error.encoding })]);
  }
}

/** JSON text as a value; exit 2 naming the file when it is not JSON. */
function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    return fail([t('common:cli.bad_json', { file, detail: (error as Error).message })]);
  }
}

async function withDatabase<T>(
  fn: (db: import('../server/db/database.ts').DatabaseHandle, applied: string[]) => Promise<T>,
): Promise<T> {
  const { openDatabase, databaseOptionsFromEnv } = await import('../server/db/database.ts');
  const { migrate } = await import('../server/db/migrate.ts');
  const handle = await openDatabase(databaseOptionsFromEnv());
  try {
    const applied = await migrate(handle);
    return await fn(handle, applied);
  } finally {
    await handle.close();
  }
}

function parseOptions(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      lang: { type: 'string' },
      'rule-set-file': { type: 'string' },
      province: { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      unit: { type: 'string' },
      year: { type: 'string' },
      email: { type: 'string' },
      sector: { type: 'string' },
      village: { type: 'string' },
      'no-files': { type: 'boolean' },
    },
  });
}

async function main(argv: string[]) {
  // Read here, not imported statically: a bad setting is then told in its own words, not as a stack trace.
  const { config } = await import('../server/platform/config.ts');
  t = translator(pickLocale(config.cliLanguage));
  const [command, ...rest] = argv;
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(rest);
  } catch (error) {
    return fail([(error as Error).message, usage()]);
  }
  const { values: opts, positionals } = parsed;
  switch (command) {
    case 'score': {
      const file = positionals[0];
      if (!file) fail([usage()]);
      const locale = opts.lang === 'en' ? 'en' : 'vi';
      let custom;
      if (opts['rule-set-file']) {
        const file = opts['rule-set-file'];
        const parsed = RuleSetDefinition.safeParse(parseJson(await readInput(file), file));
        if (!parsed.success) fail(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
        custom = { definition: parsed.data, version: 'file' };
      }
      const outcome = scoreDocument(await readInput(file), locale, custom);
      if (!outcome.ok) fail(outcome.errors);
      process.stdout.write(JSON.stringify(outcome.output, null, 2) + '\n');
      return;
    }
    case 'migrate': {
      const applied = await withDatabase(async (h, applied) => {
        const { ensurePresetRuleSets } = await import('../server/features/rule-sets/store.ts');
        await ensurePresetRuleSets(h.db);
        return applied;
      });
      console.log(t('common:cli.migrated', { list: applied.join(', ') || '—' }));
      return;
    }
    case 'import-units': {
      const result = await withDatabase(async (h) => {
        const { loadOfficialUnits } = await import('../server/features/units/load.ts');
        return loadOfficialUnits(h.db);
      });
      console.log(JSON.stringify(result));
      return;
    }
    case 'import-categories': {
      const file = positionals[0];
      if (!file || !opts.province) fail([usage()]);
      const csv = await readInput(file);
      const result = await withDatabase(async (h) => {
        const { importCategories } = await import('../server/features/units/load.ts');
        const province = await h.db
          .selectFrom('unit')
          .select('id')
          .where('level', '=', 'province')
          .where('code', '=', opts.province!)
          .where('valid_to', 'is', null)
          .executeTakeFirst();
        if (!province) fail([t('common:cli.unknown_province', { code: opts.province })]);
        return importCategories(h.db, csv, { userId: null, provinceIds: [province.id] });
      });
      if (result.errors.length) fail(result.errors.map((e) => t(e.message.key, e.message.params)));
      console.log(t('common:cli.categories_imported', { count: result.applied }));
      return;
    }
    case 'create-user': {
      const role = opts.role;
      if (!opts.username || !opts.password || !opts.name || !role) fail([usage()]);
      const roles = [
        'commune_officer',
        'commune_chairman',
        'collaborator',
        'province_official',
        'appraiser',
        'sector_reviewer',
        'signer',
        'ministry_official',
        'system_admin',
      ];
      // National roles are held without a unit (the database checks it too).
      const national = role === 'system_admin' || role === 'ministry_official';
      if (!roles.includes(role)) fail([t('common:cli.bad_role', { role })]);
      if ((role === 'sector_reviewer') !== Boolean(opts.sector)) fail([t('common:cli.sector_required')]);
      if (!national && !opts.unit) fail([t('common:cli.unit_required', { role })]);
      // A password chosen here meets the policy (src/core/auth/password-policy.ts); the message names the rule broken.
      const { checkPassword } = await import('../core/auth/password-policy.ts');
      const verdict = checkPassword(opts.password, opts.username);
      if (!verdict.ok) fail([t(`auth:password.${verdict.rule}`, { ...verdict.params, field: '--password' })]);
      const id = await withDatabase(async (h) => {
        const { createUser } = await import('../server/features/auth/users.ts');
        let unitId: number | null = null;
        if (!national) {
          const level =
            role === 'commune_officer' || role === 'commune_chairman' || role === 'collaborator'
              ? 'commune'
              : 'province';
          const unit = await h.db
            .selectFrom('unit')
            .select('id')
            .where('level', '=', level)
            .where('code', '=', opts.unit!)
            .where('valid_to', 'is', null)
            .executeTakeFirst();
          if (!unit) fail([t('common:cli.unknown_unit', { code: opts.unit, level })]);
          unitId = unit.id;
        }
        const exists = await h.db
          .selectFrom('app_user')
          .select('id')
          .where('username', '=', opts.username!.toLowerCase())
          .executeTakeFirst();
        if (exists) fail([t('common:cli.user_exists', { username: opts.username })]);
        // A collaborator may be limited to one village of the commune (created if the register has none yet).
        let villageId: number | null = null;
        if (opts.village && role === 'collaborator' && unitId !== null) {
          const province = await h.db
            .selectFrom('unit')
            .select('parent_id')
            .where('id', '=', unitId)
            .executeTakeFirstOrThrow();
          const v = await h.db
            .insertInto('village')
            .values({ unit_id: unitId, province_id: province.parent_id!, name: opts.village.trim() })
            .onConflict((oc) => oc.columns(['unit_id', 'name']).doUpdateSet({ name: opts.village!.trim() }))
            .returning('id')
            .executeTakeFirstOrThrow();
          villageId = v.id;
        }
        const id = await createUser(h.db, {
          username: opts.username!.toLowerCase(),
          password: opts.password!,
          checkPolicy: true,
          fullName: opts.name!,
          roles: [{ role: role as 'system_admin', unitId, sector: opts.sector ?? null, villageId }],
        });
        if (opts.email) await h.db.updateTable('app_user').set({ email: opts.email }).where('id', '=', id).execute();
        return id;
      });
      console.log(t('common:cli.user_created', { username: opts.username, id }));
      return;
    }
    case 'recompute': {
      const year = Number(opts.year);
      if (!Number.isInteger(year)) fail([usage()]);
      const count = await withDatabase(async (h) => {
        const { recomputePeriod } = await import('../server/features/assessments/store.ts');
        const period = await h.db.selectFrom('period').select('id').where('year', '=', year).executeTakeFirst();
        if (!period) fail([t('common:cli.unknown_period', { year })]);
        let provinceId: number | undefined;
        if (opts.province) {
          const p = await h.db
            .selectFrom('unit')
            .select('id')
            .where('level', '=', 'province')
            .where('code', '=', opts.province)
            .where('valid_to', 'is', null)
            .executeTakeFirst();
          if (!p) fail([t('common:cli.unknown_province', { code: opts.province })]);
          provinceId = p.id;
        }
        return recomputePeriod(h.db, period.id, provinceId);
      });
      console.log(t('common:cli.recomputed', { count }));
      return;
    }
    case 'audit': {
      if (positionals[0] !== 'verify') fail([usage()]);
      // Both chained logs: the audit log, then the read log of children's records (its retention links are audit rows).
      const { verifyAuditChain, describeChainReport } = await import('../server/features/audit/chain.ts');
      const { verifyAccessLogChain } = await import('../server/features/audit/access-log.ts');
      const reports = await withDatabase(async (h) => [await verifyAuditChain(h.db), await verifyAccessLogChain(h.db)]);
      const text = reports.map(describeChainReport).join('\n');
      if (!reports.every((r) => r.intact)) fail([text], 1);
      console.log(text);
      return;
    }
    case 'backup': {
      const file = positionals[0];
      if (!file) fail([usage()]);
      const { backupDatabase } = await import('../server/features/backup/backup.ts');
      const { fileStore } = await import('../server/features/evidence/storage.ts');
      const s = await withDatabase((h) => backupDatabase(h, file, { files: opts['no-files'] ? null : fileStore() }));
      console.log(
        `Đã sao lưu / Backed up: ${s.tables} bảng / tables, ${s.rows} dòng / rows, ${s.files} tệp / files → ${file}`,
      );
      if (s.missingFiles.length)
        console.error(`Thiếu tệp minh chứng / evidence files missing on disk: ${s.missingFiles.join(', ')}`);
      return;
    }
    case 'restore': {
      const file = positionals[0];
      if (!file) fail([usage()]);
      const { restoreDatabase } = await import('../server/features/backup/backup.ts');
      const { describeChainReport } = await import('../server/features/audit/chain.ts');
      const { fileStore } = await import('../server/features/evidence/storage.ts');
      const { openDatabase, databaseOptionsFromEnv } = await import('../server/db/database.ts');
      // Not withDatabase: the target is checked to be empty before anything, migrations included, is written.
      const handle = await openDatabase(databaseOptionsFromEnv());
      const s = await restoreDatabase(handle, file, { files: opts['no-files'] ? null : fileStore() }).finally(() =>
        handle.close(),
      );
      console.log(`Đã khôi phục / Restored: ${s.tables} bảng / tables, ${s.rows} dòng / rows, ${s.files} tệp / files`);
      const text = [s.chain, s.accessLog].map(describeChainReport).join('\n');
      if (!s.chain.intact || !s.accessLog.intact) fail([text], 1);
      console.log(text);
      return;
    }
    default:
      fail([usage()], command ? 2 : 0);
  }
}

await main(process.argv.slice(2)).catch((error: unknown) => {
  // A bad setting (ConfigError) or a failure while running: the message alone, exit 1.
  fail([String((error as Error)?.message ?? error)], 1);
});

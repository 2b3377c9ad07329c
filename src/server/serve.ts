// The server as `npm start` runs it: migrate, load units and the preset, create the demo on an empty
// database, serve, send mail and reminders in the background, and stop cleanly on SIGINT/SIGTERM.
import type { KyselyPlugin } from 'kysely';
import { buildApp } from './app.ts';
import { bootstrap } from './bootstrap.ts';
import { databaseOptionsFromEnv } from './db/database.ts';
import { DEMO_PASSWORD } from './demo/accounts.ts';
import { remindDeadlines, startMailer, startReminders } from './features/rounds/index.ts';
import { remindCasePlans } from './features/register/index.ts';
import { remindOverdueTasks } from './features/plans/index.ts';
import { dailyRetention } from './features/privacy/index.ts';
import { config } from './platform/config.ts';
import { todayInVietnam } from './platform/clock.ts';

export interface ServeOptions {
  /** More Kysely plugins on the database (tests/support/server-main.ts adds the crash tests' delay). */
  databasePlugins?: KyselyPlugin[];
}

export async function serve(options: ServeOptions = {}): Promise<void> {
  const started = Date.now();
  const { database, migrations, unitsLoaded, demo } = await bootstrap({
    ...databaseOptionsFromEnv(),
    plugins: options.databasePlugins,
    demo: config.demo,
  });
  // Request logs go to standard output as JSON; the default (warn) keeps a newcomer's terminal readable.
  const app = await buildApp(database, { logger: config.logLevel !== 'silent' });
  await app.listen({ port: config.port, host: config.host });
  // PORT=0 takes a free port (tests start servers in child processes): show the one actually taken.
  const address = app.server.address();
  const listening = typeof address === 'object' && address ? address.port : config.port;
  const stopMailer = startMailer(database.db);
  const reminders = [remindDeadlines, remindCasePlans, remindOverdueTasks, dailyRetention];
  const stopReminders = startReminders(database.db, () => todayInVietnam(), reminders);

  const where = database.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite (${config.dataDir})`;
  const loaded = unitsLoaded ? '; đã nạp danh mục đơn vị hành chính / units loaded' : '';
  const lines = [
    '',
    `  Xã, phường phù hợp với trẻ em — đang chạy / running: http://localhost:${listening}`,
    `  Cơ sở dữ liệu / database: ${where}${migrations.length ? `; migrations: ${migrations.join(', ')}` : ''}${loaded}`,
    `  Tài liệu API / API reference: http://localhost:${listening}/api/docs`,
  ];
  if (demo) {
    lines.push(`  Dữ liệu mẫu / demo: ${demo.province}; mật khẩu mọi tài khoản / password for all: ${DEMO_PASSWORD}`);
    for (const a of demo.accounts) lines.push(`    ${a.username.padEnd(22)} ${a.role.padEnd(18)} ${a.unit ?? ''}`);
  } else
    lines.push(
      '  Tài khoản mẫu / demo logins (nếu đã tạo / if created): admin, tinh.thainguyen, xa.tancuong … — ' +
        `mật khẩu / password ${DEMO_PASSWORD}`,
    );
  lines.push(`  Khởi động trong / started in ${((Date.now() - started) / 1000).toFixed(1)} s`, '');
  console.log(lines.join('\n'));

  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, async () => {
      stopMailer();
      stopReminders();
      await app.close();
      await database.close();
      process.exit(0);
    });
}

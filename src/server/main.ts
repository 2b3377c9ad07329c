// `npm start`: migrate, load units and the preset, create the demo on an empty database, and serve.
import { buildApp } from './app.ts';
import { bootstrap } from './bootstrap.ts';
import { databaseOptionsFromEnv } from './db/database.ts';
import { DEMO_PASSWORD } from './demo/accounts.ts';
import { startMailer } from './features/rounds/mailer.ts';
import { remindDeadlines, startReminders } from './features/rounds/deadlines.ts';
import { remindCasePlans } from './features/register/cases.ts';
import { remindOverdueTasks } from './features/plans/tasks.ts';
import { today } from './features/rounds/store.ts';
import { dailyRetention } from './features/privacy/retention.ts';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const started = Date.now();
const { database, migrations, unitsLoaded, demo } = await bootstrap({ ...databaseOptionsFromEnv(), demo: process.env.CFC_DEMO !== '0' });
// Request logs go to standard output as JSON; the default keeps a newcomer's terminal readable.
process.env.LOG_LEVEL ??= process.env.NODE_ENV === 'production' ? 'info' : 'warn';
const app = await buildApp(database, { logger: process.env.LOG_LEVEL !== 'silent' });
await app.listen({ port, host });
// PORT=0 takes a free port (tests start servers in child processes): show the one actually taken.
const address = app.server.address();
const listening = typeof address === 'object' && address ? address.port : port;
const stopMailer = startMailer(database.db);
const stopReminders = startReminders(database.db, today, [remindDeadlines, remindCasePlans, remindOverdueTasks, dailyRetention]);

const where = database.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite (${process.env.CFC_DATA_DIR ?? './data'})`;
const lines = [
  '',
  `  Xã, phường phù hợp với trẻ em — đang chạy / running: http://localhost:${listening}`,
  `  Cơ sở dữ liệu / database: ${where}${migrations.length ? `; migrations: ${migrations.join(', ')}` : ''}${unitsLoaded ? '; đã nạp danh mục đơn vị hành chính / units loaded' : ''}`,
  `  Tài liệu API / API reference: http://localhost:${listening}/api/docs`,
];
if (demo) {
  lines.push(`  Dữ liệu mẫu / demo: ${demo.province}; mật khẩu mọi tài khoản / password for all: ${DEMO_PASSWORD}`);
  for (const a of demo.accounts) lines.push(`    ${a.username.padEnd(22)} ${a.role.padEnd(18)} ${a.unit ?? ''}`);
} else lines.push('  Tài khoản mẫu / demo logins (nếu đã tạo / if created): admin, tinh.thainguyen, xa.tancuong … — mật khẩu / password ' + DEMO_PASSWORD);
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

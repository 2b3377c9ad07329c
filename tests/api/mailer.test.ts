// Notifications go out by e-mail through a real SMTP conversation with a local test server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { dispatchEmails } from '../../src/server/features/rounds/mailer.ts';
import { startTestApp, type TestApp } from '../support/server.ts';

let t: TestApp;
let server: SMTPServer;
let port = 0;
const received: Array<{ to: string; data: string }> = [];

beforeAll(async () => {
  t = await startTestApp();
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (c: Buffer) => (data += c.toString('utf8')));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.server.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await t?.close();
});

describe('e-mail outbox', () => {
  it('sends each pending notification once to users with an address, and skips the rest', async () => {
    const db = t.database.db;
    await db.updateTable('notification').set({ emailed_at: new Date() }).execute(); // the demo's own
    const officer = await db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', 'xa.ankhanh')
      .executeTakeFirstOrThrow();
    const other = await db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', 'xa.daitu')
      .executeTakeFirstOrThrow();
    await db.updateTable('app_user').set({ email: 'canbo.ankhanh@example.vn' }).where('id', '=', officer.id).execute();
    await db
      .insertInto('notification')
      .values([
        {
          user_id: officer.id,
          kind: 'return_item',
          message: 'Hồ sơ của Xã An Khánh bị trả lại chỉ tiêu C07.immunized: số liệu chưa khớp',
          link: '/rounds/1/entries/2',
        },
        { user_id: other.id, kind: 'recognize', message: 'Không có địa chỉ thư', link: '' },
      ])
      .execute();
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    expect(await dispatchEmails(db, transport, { baseUrl: 'http://localhost:3000' })).toBe(1);
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toBe('canbo.ankhanh@example.vn');
    expect(received[0]!.data).toContain('http://localhost:3000/rounds/1/entries/2');
    expect(await dispatchEmails(db, transport)).toBe(0);
    expect(received).toHaveLength(1);
    const left = await db.selectFrom('notification').select('id').where('emailed_at', 'is', null).execute();
    expect(left).toEqual([]);
  });
});

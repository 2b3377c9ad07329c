// E-mail for notifications, when SMTP_URL is set: an outbox drained in the background, so that a
// slow or failing mail server never holds up or undoes a transition.
import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Database } from '../../db/schema.ts';
import { config } from '../../platform/config.ts';

export function transportFromEnv(): Transporter | null {
  const url = config.smtpUrl;
  return url ? nodemailer.createTransport(url) : null;
}

/** Sends every notification not yet e-mailed to users with an address; returns how many went out. */
export async function dispatchEmails(
  db: Kysely<Database>,
  transport: Transporter,
  options: { from?: string; baseUrl?: string; limit?: number } = {},
): Promise<number> {
  const from = options.from ?? config.smtpFrom;
  const pending = await db
    .selectFrom('notification as n')
    .innerJoin('app_user as u', 'u.id', 'n.user_id')
    .select(['n.id', 'n.message', 'n.link', 'u.email'])
    .where('n.emailed_at', 'is', null)
    .where('u.email', 'is not', null)
    .orderBy('n.id')
    .limit(options.limit ?? 100)
    .execute();
  let sent = 0;
  for (const n of pending) {
    const link = n.link && options.baseUrl ? `\n\n${options.baseUrl}${n.link}` : '';
    try {
      await transport.sendMail({ from, to: n.email!, subject: n.message.slice(0, 120), text: `${n.message}${link}` });
    } catch {
      continue; // left in the outbox for the next pass
    }
    await db.updateTable('notification').set({ emailed_at: new Date() }).where('id', '=', n.id).execute();
    sent++;
  }
  // Notifications of users without an address are done with as far as e-mail goes.
  await db
    .updateTable('notification')
    .set({ emailed_at: new Date() })
    .where('emailed_at', 'is', null)
    .where('user_id', 'in', (eb) => eb.selectFrom('app_user as u').select('u.id').where('u.email', 'is', null))
    .execute();
  return sent;
}

/** Drains the outbox every `seconds` while the server runs; returns a stop function. */
export function startMailer(db: Kysely<Database>, seconds = 30): () => void {
  const transport = transportFromEnv();
  if (!transport) return () => undefined;
  const baseUrl = config.publicUrl;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    dispatchEmails(db, transport, { baseUrl })
      .catch(() => undefined)
      .finally(() => (running = false));
  }, seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}

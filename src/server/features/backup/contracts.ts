// What /api/health answers: monitors read `ok`; the 503 body is its own shape (not the Error body), so a
// monitor reads the same fields whichever way the check goes.
import { z } from 'zod';

const DatabaseKind = z.enum(['postgres', 'pglite']);

export const HealthOk = z
  .object({ ok: z.literal(true), database: DatabaseKind, files: z.literal('writable') })
  .meta({ id: 'HealthOk', description: 'Máy chủ và kho tệp hoạt động / The server and the file store work' });

export const HealthFailing = z
  .object({ ok: z.literal(false), database: DatabaseKind, files: z.literal('unwritable'), message: z.string() })
  .meta({
    id: 'HealthFailing',
    description:
      'Kho tệp minh chứng không ghi được, bằng ngôn ngữ của người gọi / The evidence file store takes no write',
  });

export type HealthOk = z.infer<typeof HealthOk>;
export type HealthFailing = z.infer<typeof HealthFailing>;

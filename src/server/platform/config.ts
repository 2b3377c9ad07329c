// The server's settings: every environment variable it reads, parsed once with zod when this module is
// first imported (start-up), with its default. A bad value stops the start with a message naming the
// variable, the value and what is expected, in Vietnamese and English. Code reads `config.x`, never
// process.env. The README's table of settings lists the same variables (tests/platform/config.test.ts).
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** What a value must look like, said in both languages. */
interface Expect {
  vi: string;
  en: string;
}

type Setting<T> = {
  schema: z.ZodType<T>;
  expect: Expect;
  /** Secrets and URLs that may carry a password are not echoed back in the error message. */
  secret?: boolean;
};

const setting = <T>(schema: z.ZodType<T>, expect: Expect, secret = false): Setting<T> => ({ schema, expect, secret });

const intFrom = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  setting(
    z
      .string()
      .regex(/^\d+$/)
      .transform(Number)
      .refine((n) => n >= min && n <= max),
    max === Number.MAX_SAFE_INTEGER
      ? { vi: `một số nguyên từ ${min} trở lên`, en: `a whole number of at least ${min}` }
      : { vi: `một số nguyên từ ${min} đến ${max}`, en: `a whole number from ${min} to ${max}` },
  );
const positive = setting(
  z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .transform(Number)
    .refine((n) => n > 0),
  { vi: 'một số dương (ví dụ 30 hoặc 1.5)', en: 'a positive number (e.g. 30 or 1.5)' },
);
const flag = setting(
  z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true'),
  { vi: '0 hoặc 1 (hay false/true)', en: '0 or 1 (or false/true)' },
);
const text = setting(z.string(), { vi: 'một chuỗi ký tự', en: 'some text' });
const urlWith = (protocols: RegExp, vi: string, en: string, secret = false) =>
  setting(
    z.string().refine((v) => URL.canParse(v) && protocols.test(new URL(v).protocol)),
    { vi, en },
    secret,
  );
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Every variable: how it is read. Unset and empty mean "use the default". */
const VARIABLES = {
  DATABASE_URL: urlWith(
    /^postgres(ql)?:$/,
    'một địa chỉ postgresql://người_dùng@máy:5432/csdl',
    'a postgresql://user@host:5432/db URL',
    true,
  ),
  DATABASE_SCHEMA: setting(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), {
    vi: 'tên một schema PostgreSQL (chữ, số, _)',
    en: 'a PostgreSQL schema name (letters, digits, _)',
  }),
  DATABASE_POOL_SIZE: intFrom(1, 1000),
  CFC_DATA_DIR: text,
  CFC_FILES_DIR: text,
  PORT: intFrom(0, 65535),
  HOST: text,
  CFC_DEMO: flag,
  NODE_ENV: text,
  LOG_LEVEL: setting(z.enum(LOG_LEVELS), {
    vi: `một trong ${LOG_LEVELS.join(', ')}`,
    en: `one of ${LOG_LEVELS.join(', ')}`,
  }),
  TRUST_PROXY: flag,
  PUBLIC_URL: urlWith(/^https?:$/, 'một địa chỉ http(s)://…', 'an http(s):// URL'),
  CFC_SECRET: setting(z.string(), { vi: 'một chuỗi bí mật', en: 'a secret string' }, true),
  SMTP_URL: urlWith(
    /^smtps?:$/,
    'một địa chỉ smtp(s)://người_dùng:mật_khẩu@máy:587',
    'an smtp(s)://user:pass@host:587 URL',
    true,
  ),
  SMTP_FROM: text,
  SESSION_ABSOLUTE_HOURS: positive,
  SESSION_IDLE_MINUTES: positive,
  LOGIN_LOCK_AFTER: intFrom(1),
  LOGIN_LOCK_MINUTES: positive,
  LOGIN_RATE_LIMIT: intFrom(1),
  SURVEY_CODE_FAILURES: intFrom(1),
  SURVEY_CODE_FAILURE_MINUTES: positive,
  SURVEY_RATE_LIMIT: intFrom(1),
  PUBLIC_COMMENT_BURST_LIMIT: intFrom(1),
  PUBLIC_COMMENTS_PER_HOUR: intFrom(1),
  PUBLIC_COMMENTS_PER_DAY: intFrom(1),
  CFC_EVIDENCE_MAX_BYTES: intFrom(1),
  ADMISSION_LOGIN_LIMIT: intFrom(1),
  ADMISSION_WRITE_LIMIT: intFrom(1),
  ADMISSION_READ_LIMIT: intFrom(1),
  ADMISSION_WAIT_MS: intFrom(0),
  ADMISSION_RETRY_AFTER_SECONDS: intFrom(1),
  UV_THREADPOOL_SIZE: intFrom(1, 1024),
  ARGON2_AT_ONCE: intFrom(1, 1024),
  CFC_LANG: setting(z.enum(['vi', 'en']), { vi: 'vi hoặc en', en: 'vi or en' }),
  LANG: text,
} satisfies Record<string, Setting<unknown>>;

export type VariableName = keyof typeof VARIABLES;
/** The names of every environment variable the server and the command line read. */
export const VARIABLE_NAMES = Object.keys(VARIABLES) as VariableName[];

type Values = { [K in VariableName]?: z.output<(typeof VARIABLES)[K]['schema']> };

/** A setting that cannot be used: the message names each bad variable, its value and what it must be. */
export class ConfigError extends Error {
  constructor(readonly problems: { name: VariableName; value: string; expect: Expect }[]) {
    super(
      [
        'Cấu hình không hợp lệ / Invalid configuration:',
        ...problems.map((p) => `  ${p.name}=${p.value}: cần ${p.expect.vi} / expected ${p.expect.en}`),
      ].join('\n'),
    );
    this.name = 'ConfigError';
    this.stack = this.message; // the message is the whole story; a stack trace would bury it
  }
}

/** Reads the settings from an environment (process.env by default); throws ConfigError on a bad value. */
export function parseConfig(env: Record<string, string | undefined> = process.env) {
  const values: Values = {};
  const problems: ConstructorParameters<typeof ConfigError>[0] = [];
  for (const name of VARIABLE_NAMES) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const { schema, expect, secret } = VARIABLES[name] as Setting<unknown>;
    const parsed = schema.safeParse(raw);
    if (parsed.success) (values as Record<string, unknown>)[name] = parsed.data;
    else problems.push({ name, value: secret ? '(ẩn / hidden)' : JSON.stringify(raw), expect });
  }
  if (problems.length) throw new ConfigError(problems);
  const v = values;
  const production = v.NODE_ENV === 'production';
  const dataDir = v.CFC_DATA_DIR ?? './data';
  return {
    /** PostgreSQL when set; the embedded PGlite in `dataDir` otherwise. */
    databaseUrl: v.DATABASE_URL,
    databaseSchema: v.DATABASE_SCHEMA,
    databasePoolSize: v.DATABASE_POOL_SIZE ?? 10,
    dataDir,
    /** Evidence files: CFC_FILES_DIR, else `<dataDir>/files`. */
    filesDir: v.CFC_FILES_DIR ?? path.join(dataDir, 'files'),
    port: v.PORT ?? 3000,
    host: v.HOST ?? '0.0.0.0',
    demo: v.CFC_DEMO ?? true,
    production,
    logLevel: v.LOG_LEVEL ?? (production ? 'info' : 'warn'),
    trustProxy: v.TRUST_PROXY ?? false,
    publicUrl: v.PUBLIC_URL,
    secret: v.CFC_SECRET,
    smtpUrl: v.SMTP_URL,
    smtpFrom: v.SMTP_FROM ?? 'Xã phù hợp với trẻ em <no-reply@localhost>',
    sessionAbsoluteHours: v.SESSION_ABSOLUTE_HOURS ?? 12,
    sessionIdleMinutes: v.SESSION_IDLE_MINUTES ?? 30,
    loginLockAfter: v.LOGIN_LOCK_AFTER ?? 5,
    loginLockMinutes: v.LOGIN_LOCK_MINUTES ?? 15,
    loginRateLimit: v.LOGIN_RATE_LIMIT ?? 10,
    surveyCodeFailures: v.SURVEY_CODE_FAILURES ?? 10,
    surveyCodeFailureMinutes: v.SURVEY_CODE_FAILURE_MINUTES ?? 10,
    surveyRateLimit: v.SURVEY_RATE_LIMIT ?? 30,
    publicCommentBurstLimit: v.PUBLIC_COMMENT_BURST_LIMIT ?? 10,
    publicCommentsPerHour: v.PUBLIC_COMMENTS_PER_HOUR ?? 5,
    publicCommentsPerDay: v.PUBLIC_COMMENTS_PER_DAY ?? 20,
    evidenceMaxBytes: v.CFC_EVIDENCE_MAX_BYTES ?? 20 * 1024 * 1024,
    /** Admission control (src/server/http/admission.ts): requests worked on at once per class, the bounded wait, Retry-After. */
    // Logins mostly wait on the database or for an argon2 turn (auth/passwords.ts caps the hashing itself).
    admissionLoginLimit: v.ADMISSION_LOGIN_LIMIT ?? Math.max(16, 4 * os.availableParallelism()),
    admissionWriteLimit: v.ADMISSION_WRITE_LIMIT ?? v.DATABASE_POOL_SIZE ?? 10,
    admissionReadLimit: v.ADMISSION_READ_LIMIT ?? 2 * (v.DATABASE_POOL_SIZE ?? 10),
    admissionWaitMs: v.ADMISSION_WAIT_MS ?? 1000,
    admissionRetryAfterSeconds: v.ADMISSION_RETRY_AFTER_SECONDS ?? 2,
    /** Node's libuv thread pool (read by Node itself at start-up), where argon2 hashes: 4 unless set. */
    threadPoolSize: v.UV_THREADPOOL_SIZE ?? 4,
    /** argon2 hashes run at once (auth/passwords.ts); unset, the default there (cores − 1 and pool threads − 1). */
    argon2AtOnce: v.ARGON2_AT_ONCE,
    /** The command line's language: CFC_LANG, else the system's LANG. */
    cliLanguage: v.CFC_LANG ?? v.LANG?.slice(0, 2),
  };
}

export type Config = ReturnType<typeof parseConfig>;

/**
 * The settings of this process. Production code only reads it; a test that needs another value sets it
 * through tests/support/config.ts (settings read when the app is built need it set before buildApp).
 */
export const config: Config = parseConfig();

// The pieces every route's contract is made of: the error body, the answers every route can give, files, uploads,
// and the OpenAPI transform that turns them into the document integrators read (GET /api/openapi.json).
import type { RouteOptions } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';

declare module 'fastify' {
  interface FastifySchema {
    /** The parts of a multipart/form-data upload, for the document only: uploads are read part by part, not validated as a body. */
    multipart?: z.ZodObject;
  }
}

export const IssueBody = z
  .object({ field: z.string(), value: z.unknown(), message: z.string(), row: z.number().int().optional() })
  .meta({
    id: 'Issue',
    description:
      'Một giá trị bị từ chối: trường, giá trị đã gửi, lý do / One refused value: the field, the value sent, why',
  });

export const ErrorBody = z
  .object({ error: z.object({ code: z.string(), message: z.string(), issues: z.array(IssueBody).optional() }) })
  .meta({ id: 'Error', description: 'Lỗi, bằng ngôn ngữ của người gọi / An error, in the caller’s language' });

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Dữ liệu gửi lên không hợp lệ / Invalid input',
  401: 'Chưa đăng nhập / Not signed in',
  403: 'Không có quyền / Not allowed',
  404: 'Không tìm thấy / Not found',
  409: 'Trạng thái hiện tại không cho phép / Not allowed in the current state',
  413: 'Tệp hoặc nội dung quá lớn / Too large',
  415: 'Loại tệp không được nhận / Unsupported file type',
  423: 'Đang bị khoá / Locked',
  429: 'Quá nhiều yêu cầu / Too many requests',
  500: 'Lỗi máy chủ / Server error',
  503: 'Máy chủ đang bận hoặc cơ sở dữ liệu tạm thời không sẵn sàng, thử lại sau Retry-After giây / Server busy or database unavailable, retry after Retry-After seconds',
};

/** What any route can answer besides its own success: invalid input, no session, no right, nothing there, our fault, a restart. */
export const COMMON_ERRORS = [400, 401, 403, 404, 500, 503] as const;

/** Error answers a route gives beyond the common ones, e.g. `...errors(409, 413)`. */
export function errors(...statuses: number[]): Record<number, typeof ErrorBody> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorBody]));
}

const FILE = Symbol('file response');
const BinaryFile = z.string();
export const MIME = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  csv: 'text/csv',
  ics: 'text/calendar',
  zip: 'application/zip',
  png: 'image/png',
  svg: 'image/svg+xml',
  json: 'application/json',
  octet: 'application/octet-stream',
} as const;

/** A file answer (.docx, .xlsx, .pdf, .ics…): sent as bytes, described as binary content of these types. */
export function fileResponse(description: string, ...mimes: string[]) {
  return {
    [FILE]: true,
    description,
    content: Object.fromEntries(mimes.map((m) => [m, { schema: BinaryFile }])),
  } as const;
}

const isFileResponse = (r: unknown): r is ReturnType<typeof fileResponse> =>
  typeof r === 'object' && r !== null && FILE in r;

/** Fills in the error answers every API route can give, unless the route declared its own for that status. */
export function withCommonErrors(route: RouteOptions): void {
  if (!route.url.startsWith('/api/') || !route.schema || route.schema.hide) return;
  const response = (route.schema.response ?? {}) as Record<string, unknown>;
  for (const status of COMMON_ERRORS) if (!(status in response)) response[status] = ErrorBody;
  route.schema.response = response;
}

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];

/** zod's transform for the document, plus file answers as binary content and multipart bodies as forms. */
export function contractTransform(input: TransformInput) {
  const schema = input.schema as
    (typeof input.schema & { multipart?: z.ZodObject; response?: Record<string, unknown> }) | undefined;
  if (!schema || schema.hide) return jsonSchemaTransform(input);
  const { multipart, response, ...rest } = schema;
  const files: Record<string, ReturnType<typeof fileResponse>> = {};
  const json: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(response ?? {})) (isFileResponse(r) ? files : json)[status] = r;
  const out = jsonSchemaTransform({ ...input, schema: { ...rest, ...(response ? { response: json } : {}) } }) as {
    schema: Record<string, unknown>;
    url: string;
  };
  const described = (out.schema.response ?? {}) as Record<string, unknown>;
  for (const [status, f] of Object.entries(files)) {
    described[status] = {
      description: f.description,
      content: Object.fromEntries(
        Object.keys(f.content).map((m) => [m, { schema: { type: 'string', format: 'binary' } }]),
      ),
    };
  }
  // One Error schema for every failure, each status with its own sentence.
  for (const status of Object.keys(described)) {
    const d = described[status] as Record<string, unknown>;
    if (Number(status) >= 400 && d.$ref === '#/components/schemas/Error' && ERROR_DESCRIPTIONS[Number(status)])
      described[status] = { ...d, description: ERROR_DESCRIPTIONS[Number(status)] };
  }
  if (Object.keys(described).length) out.schema.response = described;
  if (multipart) {
    const form = z.toJSONSchema(multipart, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    delete form.$schema;
    out.schema.body = form;
    out.schema.consumes = ['multipart/form-data'];
  }
  return out;
}

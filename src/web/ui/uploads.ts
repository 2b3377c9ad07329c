// Uploading a file to the API the way api() sends JSON: same credentials, errors as ApiError.
import { ApiError, type ApiIssue } from '../app/api.ts';
import { i18n } from '../app/i18n.ts';

export interface UploadOptions {
  /** PUT where the file replaces what the path names (a grouping); POST by default. */
  method?: 'POST' | 'PUT';
  headers?: Record<string, string>;
  /** Text fields sent before the file (the criterion an evidence file belongs to). */
  fields?: Record<string, string>;
}

/** Sends a file as multipart/form-data (field `file`); errors as ApiError, like api(). */
export async function uploadFile<T>(path: string, file: File, options: UploadOptions = {}): Promise<T> {
  const form = new FormData();
  for (const [name, value] of Object.entries(options.fields ?? {})) form.append(name, value);
  form.append('file', file, file.name);
  const headers = options.headers ?? {};
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'POST',
      body: form,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', ...headers },
    });
  } catch {
    throw new ApiError(0, 'network', i18n.t('common:error.network'));
  }
  const text = await response.text().catch(() => '');
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (response.ok) return json as T;
  const error = (json as { error?: { code?: string; message?: string; issues?: ApiIssue[] } } | undefined)?.error;
  throw new ApiError(
    response.status,
    error?.code ?? `http_${response.status}`,
    error?.message || i18n.t('common:error.http', { status: response.status }),
    Array.isArray(error?.issues) ? error.issues : [],
  );
}

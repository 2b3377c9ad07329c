// Multipart bodies for app.inject, built by the platform's own FormData as a browser would send them.
export interface Multipart {
  payload: Buffer;
  headers: Record<string, string>;
}

/** A multipart/form-data body (fields first, then the file). */
export async function form(
  fields: Record<string, string>,
  file?: { name: string; data: Buffer; type?: string },
): Promise<Multipart> {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (file)
    fd.append(
      'file',
      new Blob([new Uint8Array(file.data)], { type: file.type ?? 'application/octet-stream' }),
      file.name,
    );
  const request = new Request('http://localhost/', { method: 'POST', body: fd });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { 'content-type': request.headers.get('content-type')! },
  };
}

import { CSRF_HEADER, csrfToken, refusal } from './api.mjs';
import type { BuildView } from './types.mjs';

export interface UploadOutcome {
  readonly build: BuildView | undefined;
  readonly error: Error | undefined;
}

/**
 * Sends a build file as the raw request body. XMLHttpRequest rather than fetch because only it
 * reports upload progress. A refused build (422) still comes back with its stored record.
 */
export function uploadBuild(
  url: string,
  file: File,
  onProgress: (sent: number, total: number) => void,
): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.responseType = 'json';
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    const token = csrfToken();
    if (token !== undefined) xhr.setRequestHeader(CSRF_HEADER, token);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    });
    xhr.addEventListener('load', () => {
      const body = xhr.response as unknown;
      if (xhr.status === 201) return resolve({ build: body as BuildView, error: undefined });
      const refused = (body as { build?: BuildView } | null)?.build;
      resolve({ build: refused, error: refusal(xhr.status, body) });
    });
    xhr.addEventListener('error', () =>
      resolve({ build: undefined, error: new Error('the upload failed: network error') }),
    );
    xhr.send(file);
  });
}

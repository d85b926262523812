/** Authenticated downloads and local file saves. */
import { authorizedFetch } from './api';
import { networkError, toApiError, type ApiError } from './errors';

export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function saveText(text: string, filename: string, type = 'text/plain'): void {
  saveBlob(new Blob([text], { type }), filename);
}

function filenameFrom(response: Response, fallback: string): string {
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  return match ? decodeURIComponent(match[1]) : fallback;
}

/** Fetch `path` under /api/ with the session and save it; resolves to an error or null. */
export const downloadFromApi =
  (path: string, fallbackName: string) =>
  async (dispatch: (action: unknown) => unknown, getState: () => unknown): Promise<ApiError | null> => {
    try {
      const response = await authorizedFetch(path)(dispatch, getState);
      if (!response.ok) {
        let body: unknown = null;
        try {
          body = await response.json();
        } catch {
          body = null;
        }
        return toApiError({ status: response.status, data: body });
      }
      saveBlob(await response.blob(), filenameFrom(response, fallbackName));
      return null;
    } catch {
      return networkError();
    }
  };

import { ApiError, csrfHeaders, type Problem } from "../api/client";
import type { UploadEntry } from "../api/types";

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * Uploads one file as multipart/form-data with XMLHttpRequest, whose upload events give the progress that fetch
 * cannot report yet. Resolves with the server's entry for the file; rejects with an ApiError carrying the reason.
 */
export function uploadFile(
  file: File,
  options: { onProgress?: (progress: UploadProgress) => void; signal?: AbortSignal } = {},
): Promise<UploadEntry> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/v1/documents");
    xhr.withCredentials = true;
    xhr.setRequestHeader("accept", "application/json");
    for (const [name, value] of Object.entries(csrfHeaders("POST"))) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.({ loaded: event.loaded, total: event.total });
    };
    xhr.onload = () => {
      let body: { documents?: UploadEntry[] } & Partial<Problem> = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // Not JSON: reported below with the status.
      }
      const entry = body.documents?.[0];
      if (entry) return resolve(entry);
      reject(
        new ApiError({
          title: body.title ?? (xhr.statusText || "Upload failed"),
          status: xhr.status,
          detail: body.detail ?? `The server answered ${xhr.status}.`,
          code: body.code,
        }),
      );
    };
    xhr.onerror = () =>
      reject(new ApiError({ title: "Network error", status: 0, detail: "The upload did not reach the server." }));
    xhr.onabort = () => reject(new ApiError({ title: "Cancelled", status: 0, detail: "The upload was cancelled." }));
    options.signal?.addEventListener("abort", () => xhr.abort());
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
}

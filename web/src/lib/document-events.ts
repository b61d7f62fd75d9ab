/** A document's state change as GET /v1/jobs/events sends it. */
export interface DocumentEvent {
  id: string;
  state: string;
  error?: string;
  fileName?: string;
}

/**
 * Follows the documents' states over server-sent events. `onLive(true)` once the stream is open; on an error the
 * browser reconnects by itself, and `onLive(false)` lets the caller poll meanwhile. Returns the function that stops.
 */
export function watchDocuments(
  ids: readonly string[],
  handlers: { onDocument(event: DocumentEvent): void; onLive(live: boolean): void },
): () => void {
  if (typeof EventSource === "undefined" || ids.length === 0) {
    handlers.onLive(false);
    return () => {};
  }
  const source = new EventSource(`/v1/jobs/events?documents=${ids.map(encodeURIComponent).join(",")}`, {
    withCredentials: true,
  });
  source.onopen = () => handlers.onLive(true);
  source.onerror = () => handlers.onLive(false);
  source.addEventListener("document", (message) => {
    try {
      handlers.onDocument(JSON.parse((message as MessageEvent<string>).data) as DocumentEvent);
    } catch {
      // A malformed event changes nothing; polling still runs as a safety net.
    }
  });
  return () => source.close();
}

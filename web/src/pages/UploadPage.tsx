import { type DragEvent, useCallback, useEffect, useId, useRef, useState } from "react";
import { ApiError, api } from "../api/client";
import type { DocumentRecord } from "../api/types";
import { type UploadItem, UploadList, type UploadPhase } from "../components/UploadList";
import { watchDocuments } from "../lib/document-events";
import { uploadFile } from "../lib/upload";

const CONCURRENCY = 2;
const POLL_MS = 1500;
/** With live events, polling only guards against a missed event. */
const POLL_LIVE_MS = 10_000;
const WORKING: readonly UploadPhase[] = ["queued", "processing", "indexed"];
const PHASES = new Set<string>(["queued", "processing", "indexed", "ready", "failed"]);

let counter = 0;

/** Drag and drop or choose many files; each shows its upload progress, then its processing state until done. */
export default function UploadPage() {
  const [items, setItems] = useState<UploadItem[]>([]);
  const [dragging, setDragging] = useState(false);
  const [tick, setTick] = useState(0);
  const [live, setLive] = useState(false);
  const files = useRef(new Map<string, File>());
  const inputId = useId();

  const update = useCallback((key: string, patch: Partial<UploadItem>) => {
    setItems((list) => list.map((item) => (item.key === key ? { ...item, ...patch } : item)));
  }, []);
  // The same bytes uploaded twice are one document: every item showing it follows its state.
  const updateDocument = useCallback((id: string, state: string, error?: string) => {
    if (!PHASES.has(state)) return;
    setItems((list) =>
      list.map((item) =>
        item.documentId === id ? { ...item, phase: state as UploadPhase, error: error ?? undefined } : item,
      ),
    );
  }, []);

  const add = (list: FileList | File[]) => {
    const added = [...list].map((file) => {
      counter += 1;
      const key = `${counter}-${file.name}`;
      files.current.set(key, file);
      return { key, name: file.name, size: file.size, phase: "waiting" as const, progress: 0 };
    });
    setItems((current) => [...current, ...added]);
  };

  // Starts waiting uploads while fewer than CONCURRENCY run.
  useEffect(() => {
    const running = items.filter((i) => i.phase === "uploading").length;
    const next = items.filter((i) => i.phase === "waiting").slice(0, Math.max(0, CONCURRENCY - running));
    for (const item of next) {
      const file = files.current.get(item.key);
      if (!file) continue;
      update(item.key, { phase: "uploading" });
      uploadFile(file, { onProgress: (p) => update(item.key, { progress: p.total ? p.loaded / p.total : 0 }) }).then(
        (entry) => {
          files.current.delete(item.key);
          if ("error" in entry) update(item.key, { phase: "failed", error: entry.error, progress: 1 });
          else
            update(item.key, {
              phase: entry.state,
              documentId: entry.id,
              duplicate: entry.duplicate,
              progress: 1,
            });
        },
        (error: unknown) => {
          files.current.delete(item.key);
          update(item.key, { phase: "failed", error: error instanceof ApiError ? error.message : String(error) });
        },
      );
    }
  }, [items, update]);

  // Follows documents still being processed until each is ready or failed: live events, and polling as a fallback.
  const workingIds = [
    ...new Set(items.filter((i) => i.documentId && WORKING.includes(i.phase)).map((i) => i.documentId as string)),
  ]
    .sort()
    .join(",");
  useEffect(() => {
    if (!workingIds) return;
    return watchDocuments(workingIds.split(","), {
      onDocument: (event) => updateDocument(event.id, event.state, event.error),
      onLive: setLive,
    });
  }, [workingIds, updateDocument]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` schedules the next look
  useEffect(() => {
    if (!workingIds) return;
    const timer = setTimeout(
      async () => {
        for (const id of workingIds.split(",")) {
          try {
            const doc = await api<DocumentRecord>(`/v1/documents/${encodeURIComponent(id)}`);
            updateDocument(id, doc.state, doc.error ?? undefined);
          } catch (error) {
            if (error instanceof ApiError && error.status === 404)
              updateDocument(id, "failed", "The document was deleted.");
          }
        }
        setTick((t) => t + 1);
      },
      live ? POLL_LIVE_MS : POLL_MS,
    );
    return () => clearTimeout(timer);
  }, [workingIds, updateDocument, tick, live]);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer.files.length > 0) add(event.dataTransfer.files);
  };

  const done = items.filter((i) => i.phase === "ready").length;
  const failed = items.filter((i) => i.phase === "failed").length;

  return (
    <div className="upload-page">
      <h1>Upload documents</h1>
      <section
        className={dragging ? "dropzone dragging" : "dropzone"}
        aria-label="Drop files here"
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>Drop files here: PDFs, bill XML, HTML, text, Federal Register and Congressional Record files.</p>
        <label htmlFor={inputId} className="button">
          Choose files
        </label>
        <input
          id={inputId}
          className="visually-hidden"
          type="file"
          multiple
          onChange={(event) => {
            if (event.target.files) add(event.target.files);
            event.target.value = "";
          }}
        />
      </section>
      {items.length > 0 ? (
        <p role="status" className="upload-summary">
          {items.length} files: {done} ready, {failed} failed, {items.length - done - failed} in progress.
        </p>
      ) : null}
      <UploadList items={items} />
    </div>
  );
}

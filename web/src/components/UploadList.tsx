import { Link } from "react-router";
import { formatBytes } from "../lib/labels";
import { StateBadge } from "./Badge";

export type UploadPhase = "waiting" | "uploading" | "queued" | "processing" | "indexed" | "ready" | "failed";

export interface UploadItem {
  key: string;
  name: string;
  size: number;
  phase: UploadPhase;
  /** 0–1 while uploading. */
  progress: number;
  documentId?: string;
  duplicate?: boolean;
  /** Why it failed: the server's reason, shown as text. */
  error?: string;
}

const LABELS: Record<UploadPhase, string> = {
  waiting: "waiting",
  uploading: "uploading",
  queued: "queued",
  processing: "processing",
  indexed: "indexed",
  ready: "ready",
  failed: "failed",
};

/** Each file's upload and processing state; names are text, whatever characters they hold. */
export function UploadList({ items }: { items: UploadItem[] }) {
  if (items.length === 0) return null;
  return (
    <ul className="upload-list" aria-label="Uploads">
      {items.map((item) => (
        <li key={item.key} className={`upload-item upload-${item.phase}`}>
          <div className="upload-row">
            <span className="upload-name">
              {item.documentId && item.phase !== "failed" ? (
                <Link to={`/documents/${encodeURIComponent(item.documentId)}`}>{item.name}</Link>
              ) : (
                item.name
              )}
            </span>
            <span className="muted">{formatBytes(item.size)}</span>
            <StateBadge state={LABELS[item.phase]} />
            {item.duplicate ? <span className="muted">already uploaded</span> : null}
          </div>
          {item.phase === "uploading" || item.phase === "waiting" ? (
            <progress
              max={1}
              value={item.phase === "waiting" ? 0 : item.progress}
              aria-label={`Upload of ${item.name}`}
            />
          ) : null}
          {item.error ? (
            <p className="error-text" role="alert">
              {item.error}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

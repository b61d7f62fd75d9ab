import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { mockFetch, renderAt } from "../test/render";
import UploadPage from "./UploadPage";

/** Just enough of XMLHttpRequest for one upload: the test drives its progress and its answer. */
class FakeXhr {
  static sent: FakeXhr[] = [];
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = {
    onprogress: null,
  };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  status = 0;
  statusText = "";
  responseText = "";
  withCredentials = false;
  headers: Record<string, string> = {};
  body: FormData | null = null;
  open() {}
  abort() {}
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: FormData) {
    this.body = body;
    FakeXhr.sent.push(this);
  }
  respond(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

/** Just enough of EventSource: the test sends the server's events. */
class FakeEventSource {
  static last: FakeEventSource | null = null;
  url: string;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  listeners = new Map<string, (e: MessageEvent<string>) => void>();
  constructor(url: string) {
    this.url = url;
    FakeEventSource.last = this;
  }
  addEventListener(name: string, listener: (e: MessageEvent<string>) => void) {
    this.listeners.set(name, listener);
  }
  close() {}
  emit(name: string, data: unknown) {
    this.listeners.get(name)?.(new MessageEvent(name, { data: JSON.stringify(data) }));
  }
}

describe("upload page", () => {
  it("shows each file's upload progress, then its processing state from live events, and failures with reasons", async () => {
    FakeXhr.sent = [];
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    vi.stubGlobal("EventSource", FakeEventSource);
    mockFetch((url) => ({ id: url.pathname.split("/").pop(), state: "processing", error: null }));
    const user = userEvent.setup();
    renderAt(<UploadPage />, { url: "/upload", path: "/upload", role: "editor" });

    const files = [
      new File(["<bill/>"], "BILLS-117hr2008ih.xml", { type: "application/xml" }),
      new File(["MZ"], "tool.exe", { type: "application/x-msdownload" }),
    ];
    await user.upload(screen.getByLabelText("Choose files"), files);
    expect(FakeXhr.sent).toHaveLength(2);
    const [bill, exe] = FakeXhr.sent;
    expect(bill?.headers["x-csrf-token"]).toBe("csrf-1");
    expect((bill?.body?.get("file") as File | undefined)?.name).toBe("BILLS-117hr2008ih.xml");

    act(() => bill?.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 100 }));
    expect(screen.getByRole("progressbar", { name: "Upload of BILLS-117hr2008ih.xml" })).toHaveAttribute(
      "value",
      "0.5",
    );

    await act(async () =>
      bill?.respond(202, {
        documents: [{ filename: "BILLS-117hr2008ih.xml", id: "d1", duplicate: false, state: "queued" }],
      }),
    );
    await act(async () =>
      exe?.respond(415, {
        title: "Unsupported Media Type",
        status: 415,
        detail: "unsupported file type",
        documents: [
          { filename: "tool.exe", error: "tool.exe: not a document this server reads", code: "unsupported_media_type" },
        ],
      }),
    );
    const rows = screen.getAllByRole("listitem");
    expect(rows[0]).toHaveTextContent("queued");
    expect(within(rows[1] as HTMLElement).getByRole("alert")).toHaveTextContent(
      "tool.exe: not a document this server reads",
    );

    expect(FakeEventSource.last?.url).toBe("/v1/jobs/events?documents=d1");
    act(() => FakeEventSource.last?.onopen?.());
    act(() => FakeEventSource.last?.emit("document", { id: "d1", state: "ready", fileName: "BILLS-117hr2008ih.xml" }));
    expect(screen.getAllByRole("listitem")[0]).toHaveTextContent("ready");
    expect(screen.getByRole("link", { name: "BILLS-117hr2008ih.xml" })).toHaveAttribute("href", "/documents/d1");
    expect(screen.getByText("2 files: 1 ready, 1 failed, 0 in progress.")).toBeInTheDocument();
  });
});

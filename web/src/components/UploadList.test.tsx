import { render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { type UploadItem, UploadList } from "./UploadList";

const item = (overrides: Partial<UploadItem>): UploadItem => ({
  key: overrides.name ?? "k",
  name: "file.pdf",
  size: 2048,
  phase: "waiting",
  progress: 0,
  ...overrides,
});

describe("upload list", () => {
  it("shows progress while uploading, the state while processing, and the reason of a failure", () => {
    render(
      <MemoryRouter>
        <UploadList
          items={[
            item({ name: "a.pdf", phase: "uploading", progress: 0.4 }),
            item({ name: "b.xml", phase: "processing", documentId: "d-b" }),
            item({ name: "c.xml", phase: "ready", documentId: "d-c", duplicate: true }),
            item({ name: "d.exe", phase: "failed", error: "unsupported file type application/x-msdownload" }),
          ]}
        />
      </MemoryRouter>,
    );
    const rows = screen.getAllByRole("listitem");
    expect(within(rows[0] as HTMLElement).getByRole("progressbar", { name: "Upload of a.pdf" })).toHaveAttribute(
      "value",
      "0.4",
    );
    expect(rows[1]).toHaveTextContent("processing");
    expect(within(rows[1] as HTMLElement).queryByRole("progressbar")).toBeNull();
    expect(within(rows[2] as HTMLElement).getByRole("link", { name: "c.xml" })).toHaveAttribute(
      "href",
      "/documents/d-c",
    );
    expect(rows[2]).toHaveTextContent("already uploaded");
    expect(within(rows[3] as HTMLElement).getByRole("alert")).toHaveTextContent(
      "unsupported file type application/x-msdownload",
    );
    expect(within(rows[3] as HTMLElement).queryByRole("link")).toBeNull();
  });

  it("shows a file name holding markup as text", () => {
    const name = "<img src=x onerror=window.__xss=1>.html";
    const { container } = render(
      <MemoryRouter>
        <UploadList items={[item({ name, phase: "ready", documentId: "d-x" })]} />
      </MemoryRouter>,
    );
    expect(screen.getByRole("link", { name })).toBeInTheDocument();
    expect(container.querySelector("img")).toBeNull();
  });
});

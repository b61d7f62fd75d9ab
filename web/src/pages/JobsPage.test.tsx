import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { JobsResponse } from "../api/types";
import { mockFetch, renderAt } from "../test/render";
import JobsPage from "./JobsPage";

const deadJob = {
  id: "4f27c0de-0000-4000-8000-000000000001",
  type: "process" as const,
  documentId: "65d7aaaa-0000-4000-8000-000000000002",
  state: "dead" as const,
  attempts: 5,
  error: "the file is not a PDF",
  createdAt: "2026-11-25T10:00:00.000Z",
  updatedAt: "2026-11-25T10:05:00.000Z",
};

const answer: JobsResponse = {
  counts: { queued: 2, processing: 1, retrying: 0, done: 40, failed: 0, dead: 1 },
  documents: { ready: 20, failed: 1 },
  throughput: { lastMinute: { process: 3, embed: 2 }, lastHour: { process: 41, embed: 39 } },
  jobs: [],
  dead: [deadJob],
};

describe("jobs page", () => {
  it("shows the queue, the processing rate and dead jobs with their reasons, and retries one", async () => {
    const retried: string[] = [];
    mockFetch((url, init) => {
      if (url.pathname === "/v1/jobs") return answer;
      if (init?.method === "POST") {
        retried.push(url.pathname);
        return { ...deadJob, state: "queued" };
      }
      throw new Error(`unexpected ${url}`);
    });
    renderAt(<JobsPage />, { url: "/jobs", path: "/jobs", role: "admin" });
    const rate = await screen.findByRole("region", { name: "Processed (last minute · last hour)" });
    expect(within(rate).getByText("parsed").nextSibling).toHaveTextContent("3 · 41");
    expect(within(rate).getByText("embedded").nextSibling).toHaveTextContent("2 · 39");
    expect(screen.getByText("the file is not a PDF")).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole("button", { name: "Retry" }));
    expect(retried).toEqual([`/v1/jobs/${deadJob.id}/retry`]);
  });

  it("offers no retry to an editor", async () => {
    mockFetch(() => answer);
    renderAt(<JobsPage />, { url: "/jobs", path: "/jobs", role: "editor" });
    expect(await screen.findByText("the file is not a PDF")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Retry" })).toBeNull();
  });
});

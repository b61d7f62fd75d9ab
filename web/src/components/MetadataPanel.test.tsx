import { render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import type { DocumentDetails } from "../api/types";
import { MetadataPanel } from "./MetadataPanel";

const rule: DocumentDetails = {
  id: "r1",
  filename: "FR-2024-02-12.xml#1",
  mediaType: "application/xml",
  format: "xml",
  size: 1000,
  sha256: "0".repeat(64),
  title: "Biologics License Applications and Master Files",
  state: "ready",
  error: null,
  chunkCount: 3,
  embeddingModel: null,
  uploadedBy: "test",
  createdAt: "2024-02-12T00:00:00.000Z",
  updatedAt: "2024-02-12T00:00:00.000Z",
  parentId: "issue",
  parser: "fr-daily-xml",
  documentType: "rule",
  billId: null,
  congress: null,
  billType: null,
  version: null,
  date: "2024-02-12",
  billNumber: null,
  versionName: null,
  dateKind: "publication",
  chamber: null,
  titles: [],
  people: [],
  committees: [],
  actions: [],
  subjects: [],
  policyArea: null,
  summaries: [],
  citations: [
    { kind: "usc", target: "usc/5/552", text: "5 U.S.C. 552", start: 10, end: 22 },
    { kind: "cfr", target: "cfr/21/601", text: "21 CFR part 601" },
    ...[9743, 9744, 9745].map((page) => ({
      kind: "federal-register" as const,
      target: `fr/89/${page}`,
      text: `89 FR ${page}`,
    })),
    { kind: "federal-register", target: "fr/65/50823", text: "65 FR 50823", start: 40, end: 51 },
  ],
  relatedBills: [],
  vote: null,
  agency: "Food and Drug Administration",
  documentNumber: "2024-02741",
  sections: [],
  parts: [],
};

describe("document metadata", () => {
  it("shows the pages a document is printed on apart from what it cites", () => {
    render(
      <MemoryRouter>
        <dl>
          <MetadataPanel doc={rule} />
        </dl>
      </MemoryRouter>,
    );
    expect(screen.getByText("Printed at").nextSibling).toHaveTextContent("89 FR 9743 – 9745");
    const cites = screen.getByText("Cites").nextSibling as HTMLElement;
    expect([...cites.querySelectorAll("li")].map((li) => li.textContent)).toEqual([
      "5 U.S.C. 552",
      "21 CFR part 601",
      "65 FR 50823",
    ]);
  });
});

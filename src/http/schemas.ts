import { z } from "@hono/zod-openapi";
import { boundDay } from "../core/document-filters";
import { DOCUMENT_STATES, JOB_STATES } from "../core/domain";
import { ROLES } from "../core/security";

/**
 * A bound of a date range as a day, a month or a year (`2020-06-15`, `2020-06`, `2020`): the period's first day for
 * `dateFrom`, its last for `dateTo`, so `dateFrom=2019&dateTo=2020` covers both years whole.
 */
function dateBound(bound: "first" | "last") {
  return z
    .string()
    .regex(/^\d{4}(-\d{2}){0,2}$/, { error: "expected a date as YYYY-MM-DD, YYYY-MM or YYYY" })
    .transform((value, ctx) => {
      const day = boundDay(value, bound);
      if (day === null) {
        ctx.addIssue({ code: "custom", message: `${value} is not a date` });
        return z.NEVER;
      }
      return day;
    })
    .openapi({
      type: "string",
      description: `A day, month or year (2020-06-15, 2020-06, 2020): a month or year ${bound === "first" ? "starts" : "ends"} the range at its ${bound} day`,
    });
}

/**
 * A whole number in a query string, from `min` to `max`: a value past `max` gets that one message, not also zod's
 * own bound on integers (`congress=99999999999999999999` read "Too big: expected int to be <=9007199254740991" before
 * "… <=200").
 */
export function boundedInt(min: number, max: number) {
  return z.coerce.number().min(min).max(max, { abort: true }).int();
}

/** A bill's id as the API names bills: its Congress, type and number (`116-hr-2000`). */
export const BillIdSchema = z
  .string()
  .regex(/^\d{1,3}-[a-z]+-\d{1,6}$/i, { error: "expected a bill id such as 116-hr-2000" });

/** The filters the documents list and search share (`DocumentFilters` in core): one name and meaning each. */
export const DocumentFiltersSchema = z.object({
  bill: BillIdSchema.optional().openapi({
    description: "A bill's id (`116-hr-2000`): that bill's own documents (its texts, status, statements, votes)",
  }),
  congress: boundedInt(1, 200).optional(),
  billType: z.string().max(10).optional(),
  version: z.string().max(10).optional(),
  documentType: z.string().max(40).optional(),
  dateFrom: dateBound("first").optional(),
  dateTo: dateBound("last").optional(),
  sponsor: z.string().max(20).optional().openapi({ description: "Bioguide or LIS id of the sponsor" }),
  party: z.string().max(20).optional().openapi({ description: "The sponsor's party: D, R, I" }),
  sponsorState: z.string().length(2).optional().openapi({ description: "The sponsor's state (postal code)" }),
  committee: z.string().max(200).optional().openapi({ description: "Committee code (hsif00) or name" }),
  policyArea: z.string().max(100).optional().openapi({ description: "The bill's policy area (Health)" }),
});

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    code: z.string(),
  })
  .openapi("Problem");

export const DocumentSchema = z
  .object({
    id: z.string(),
    filename: z.string(),
    mediaType: z.string(),
    format: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    title: z.string().nullable(),
    state: z.enum(DOCUMENT_STATES),
    error: z.string().nullable(),
    chunkCount: z.number().int(),
    embeddingModel: z.string().nullable(),
    uploadedBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    parentId: z.string().nullable(),
    parser: z.string().nullable(),
    documentType: z.string().nullable(),
    billId: z.string().nullable().openapi({ example: "116-hr-2000" }),
    congress: z.number().int().nullable(),
    billType: z.string().nullable(),
    version: z.string().nullable(),
    date: z.string().nullable(),
  })
  .openapi("Document");

const PersonSchema = z
  .object({
    name: z.string(),
    role: z.string(),
    bioguideId: z.string().optional(),
    lisId: z.string().optional(),
    party: z.string().optional(),
    state: z.string().optional(),
    district: z.string().optional(),
    position: z.string().optional(),
  })
  .passthrough()
  .openapi("PersonMention");

const CitationSchema = z
  .object({
    kind: z.string(),
    target: z.string(),
    text: z.string(),
    start: z.number().optional(),
    end: z.number().optional(),
  })
  .openapi("Citation");

export const DocumentDetailsSchema = DocumentSchema.extend({
  billNumber: z.number().int().nullable(),
  versionName: z.string().nullable(),
  dateKind: z.string().nullable(),
  chamber: z.string().nullable(),
  titles: z.array(z.object({ type: z.string(), text: z.string() }).passthrough()),
  people: z.array(PersonSchema),
  committees: z.array(z.object({ name: z.string() }).passthrough()),
  actions: z.array(z.object({ date: z.string(), text: z.string() }).passthrough()),
  subjects: z.array(z.string()),
  policyArea: z.string().nullable(),
  summaries: z.array(z.object({ text: z.string() }).passthrough()),
  citations: z.array(CitationSchema),
  relatedBills: z.array(z.string()),
  vote: z.object({ rollNumber: z.number() }).passthrough().nullable(),
  agency: z.string().nullable(),
  documentNumber: z.string().nullable().openapi({ example: "2024-02934" }),
  sections: z.array(
    z.object({ heading: z.string(), level: z.number(), start: z.number(), end: z.number() }).passthrough(),
  ),
  parts: z.array(z.string()),
}).openapi("DocumentDetails");

export const UploadEntrySchema = z
  .union([
    z.object({
      filename: z.string(),
      id: z.string(),
      duplicate: z.boolean(),
      state: z.enum(DOCUMENT_STATES),
      url: z.string().optional().openapi({ description: "Fetched by URL: where it came from, after redirects" }),
    }),
    z.object({ filename: z.string(), error: z.string(), code: z.string() }),
  ])
  .openapi("UploadEntry");

/** A document to fetch from the web instead of uploading it. */
export const UrlIngestSchema = z
  .object({
    url: z
      .url({ protocol: /^https?$/, error: "an http or https URL" })
      .max(2048)
      .openapi({ example: "https://www.govinfo.gov/content/pkg/BILLS-118hr1enr/xml/BILLS-118hr1enr.xml" }),
  })
  .strict()
  .openapi("UrlIngest");

export const SectionSchema = z
  .object({ heading: z.string(), level: z.number().int(), start: z.number().int(), end: z.number().int() })
  .openapi("Section");

export const SearchResultSchema = z
  .object({
    documentId: z.string(),
    filename: z.string(),
    title: z.string().nullable(),
    titleHighlights: z
      .array(z.tuple([z.number().int(), z.number().int()]))
      .openapi({ description: "`[start, end)` ranges of matches within `title`" }),
    format: z.string(),
    state: z.string(),
    score: z.number(),
    snippet: z.string(),
    highlights: z.array(z.tuple([z.number().int(), z.number().int()])),
    passage: z.object({
      start: z.number().int(),
      end: z.number().int(),
      heading: z.string(),
      headingHighlights: z
        .array(z.tuple([z.number().int(), z.number().int()]))
        .openapi({ description: "`[start, end)` ranges of matches within `heading`" }),
      speaker: z.string().optional().openapi({
        description:
          "Who speaks in the passage, as the document names them (the Congressional Record's `Mr. PRICE of Georgia`); not part of `heading`, absent when the document does not say",
      }),
      speakerId: z.string().optional().openapi({
        description:
          "The speaker's person id, for `GET /v1/people/{id}`, when the document names them among its people",
      }),
    }),
    billId: z.string().nullable(),
    namedBill: z.literal(true).optional().openapi({
      description:
        "Set when the query is the number of this document's bill or of the law it became (`H.R. 2000`, `Pub. L. 116-136`); absent otherwise",
    }),
    documentType: z
      .string()
      .nullable()
      .openapi({ description: "What the document is (`bill`, `bill-status`, `congressional-record`, `rule`…)" }),
    version: z.string().nullable().openapi({
      description: "A bill text's version as GPO codes it (`ih`, `eh`, `enr`); each version is a result of its own",
    }),
    date: z.string().nullable().openapi({ description: "The document's date (ISO), as its type means it" }),
    matchedBy: z.array(z.enum(["keywords", "meaning"])).openapi({
      description:
        "Which rankings found the document: its words, its meaning (the model's nearest passages), or both in hybrid mode; a result found by meaning alone may not contain the query's words",
    }),
    collapsed: z.array(z.string()).optional().openapi({
      description:
        "Other documents this result stands for, best first: other renderings of the same bill version (GPO's XML, HTML and PDF, USLM), those of the same text (a page stored as HTML and as JSON) and, with group=bill, the bill's other documents; absent when none",
    }),
  })
  .openapi("SearchResult");

const FacetValuesSchema = z.array(
  z.object({
    value: z.string(),
    count: z.number().int(),
    label: z
      .string()
      .optional()
      .openapi({ description: "How to show a value that is a code: a sponsor's name, a committee's name" }),
  }),
);
export const FacetsSchema = z
  .object({
    documentType: FacetValuesSchema,
    congress: FacetValuesSchema,
    billType: FacetValuesSchema,
    version: FacetValuesSchema,
    sponsor: FacetValuesSchema.openapi({ description: "The first sponsor's bioguide or LIS id, their name as label" }),
    party: FacetValuesSchema,
    sponsorState: FacetValuesSchema,
    committee: FacetValuesSchema.openapi({
      description: "Committees by Congress.gov system code (hsif00), whichever spelling documents use, else by name",
    }),
    policyArea: FacetValuesSchema,
    year: FacetValuesSchema.openapi({
      description: "Years of the documents' dates, newest first; filter by one with dateFrom and dateTo",
    }),
  })
  .openapi("SearchFacets");

export const JobSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    documentId: z.string().nullable(),
    state: z.enum(JOB_STATES),
    attempts: z.number().int(),
    error: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Job");

export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" } }),
});

export const problemResponses = {
  400: { description: "Invalid request", content: { "application/problem+json": { schema: ProblemSchema } } },
  401: {
    description: "No credential, or one that is not valid, revoked or expired",
    content: { "application/problem+json": { schema: ProblemSchema } },
  },
  403: {
    description: "The caller's role may not do this, or an admin route was called from outside the allowlist",
    content: { "application/problem+json": { schema: ProblemSchema } },
  },
  404: { description: "Not found", content: { "application/problem+json": { schema: ProblemSchema } } },
} as const;

export const RoleSchema = z.enum(ROLES).openapi("Role");

export const ApiKeySchema = z
  .object({
    id: z.string(),
    prefix: z.string().openapi({ description: "Public part of the key, shown in listings and logs" }),
    name: z.string().nullable(),
    role: RoleSchema,
    createdBy: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    lastUsedIp: z.string().nullable(),
  })
  .openapi("ApiKey");

export const CreatedKeySchema = z
  .object({
    id: z.string(),
    key: z.string().openapi({ description: "The key itself: shown this once, never stored" }),
    prefix: z.string(),
    name: z.string().nullable(),
    role: RoleSchema,
    expiresAt: z.string().nullable(),
  })
  .openapi("CreatedApiKey");

export const UserSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: RoleSchema,
    disabledAt: z.string().nullable(),
    failedAttempts: z.number().int(),
    lockedUntil: z.string().nullable(),
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("User");

export const AuditEntrySchema = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.string().openapi({ example: "key:0f1e…" }),
    ip: z.string().nullable(),
    action: z.string().openapi({ example: "key.create" }),
    target: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi("AuditEntry");

/** A problem answer with its own description, for statuses `problemResponses` does not cover. */
export const problemOnly = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

export const SignedInSchema = z
  .object({
    actor: z.string().openapi({ example: "user:5b0c…" }),
    role: RoleSchema,
    name: z.string(),
    csrfToken: z.string().openapi({ description: "Echo in X-CSRF-Token on every unsafe request made with the cookie" }),
  })
  .openapi("SignedIn");

export type * from "./blob-store";
export type * from "./embedder";
export type * from "./job-queue";
export type * from "./key-value";
export type * from "./rate-limiter";
export type * from "./sql-database";
export type * from "./url-fetcher";
export type * from "./vector-index";

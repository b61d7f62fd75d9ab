export type * from "./blob-store";
export type * from "./embedder";
export type * from "./job-queue";
export type * from "./key-value";
export type * from "./sql-database";
export type * from "./vector-index";

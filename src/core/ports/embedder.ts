/**
 * Turns passages into vectors. `model` and `dimensions` are recorded with the index so that vectors of two models
 * are never mixed.
 */
export interface Embedder {
  readonly model: string;
  readonly dimensions: number;
  /**
   * One unit-length vector per text, in input order. Throws `AppError("unavailable")` when a remote model cannot be
   * reached. Implementations batch as they see fit; callers may pass any number of texts.
   */
  embed(texts: string[]): Promise<Float32Array[]>;
  /** Releases threads or connections; the embedder is unusable afterwards. */
  close?(): Promise<void>;
}

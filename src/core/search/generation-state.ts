/**
 * State kept for the newest index generation seen (what searches learn about the index: match counts, documents'
 * rows), made afresh when the generation advances, since every change to a document or its bill advances it. A search
 * ranking under an older generation (in flight when the index changed) gets none, so it neither reads nor writes
 * state of an index that has moved on; neither does one without a generation (caches off).
 */
export function generationState<T>(make: () => T): (generation: number | null) => T | undefined {
  let current: { generation: number; state: T } | null = null;
  return (generation) => {
    if (generation === null) return undefined;
    if (!current || generation > current.generation) current = { generation, state: make() };
    return generation === current.generation ? current.state : undefined;
  };
}

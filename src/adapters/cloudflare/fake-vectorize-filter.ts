import type { VectorizeVector, VectorizeVectorMetadataFilter } from "@cloudflare/workers-types/2023-07-01";

type Metadata = VectorizeVector["metadata"];
type Scalar = string | number | boolean | null;

/**
 * Whether stored metadata passes a Vectorize filter: every property's condition holds (AND). A condition is a
 * value (implicit `$eq`), an object of `$eq/$ne/$lt/$lte/$gt/$gte` (all must hold, so `{$gte, $lt}` is a range),
 * or `$in/$nin` with a list. Properties may name nested fields with dots. A property without a metadata index
 * matches nothing, as on Vectorize.
 */
export function matchesFilter(
  metadata: Metadata,
  filter: VectorizeVectorMetadataFilter,
  options: { metadataIndexes?: string[] },
): boolean {
  for (const [property, condition] of Object.entries(filter)) {
    if (options.metadataIndexes && !options.metadataIndexes.includes(property)) return false;
    const value = lookup(metadata, property);
    if (!holds(value, condition)) return false;
  }
  return true;
}

function lookup(metadata: Metadata, path: string): unknown {
  let current: unknown = metadata;
  for (const part of path.split(".")) {
    if (typeof current !== "object" || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function holds(value: unknown, condition: VectorizeVectorMetadataFilter[string]): boolean {
  if (condition === null || typeof condition !== "object") return equals(value, condition);
  for (const [op, operand] of Object.entries(condition)) {
    switch (op) {
      case "$eq":
        if (!equals(value, operand as Scalar)) return false;
        break;
      case "$ne":
        if (equals(value, operand as Scalar)) return false;
        break;
      case "$in":
        if (!(operand as Scalar[]).some((o) => equals(value, o))) return false;
        break;
      case "$nin":
        if ((operand as Scalar[]).some((o) => equals(value, o))) return false;
        break;
      case "$lt":
      case "$lte":
      case "$gt":
      case "$gte":
        if (!compares(value, op, operand as Scalar)) return false;
        break;
      default:
        throw new Error(`VECTOR_QUERY_ERROR (code = 40003): unsupported filter operator ${op}`);
    }
  }
  return true;
}

function equals(value: unknown, operand: Scalar): boolean {
  if (operand === null) return value === undefined || value === null;
  return value === operand;
}

function compares(value: unknown, op: string, operand: Scalar): boolean {
  if (operand === null || typeof value !== typeof operand || (typeof value !== "number" && typeof value !== "string")) {
    return false;
  }
  const a = value as number | string;
  const b = operand as number | string;
  if (op === "$lt") return a < b;
  if (op === "$lte") return a <= b;
  if (op === "$gt") return a > b;
  return a >= b;
}

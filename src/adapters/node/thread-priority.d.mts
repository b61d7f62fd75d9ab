/** See thread-priority.mjs. */
export function lowerThreadPriority(): void;

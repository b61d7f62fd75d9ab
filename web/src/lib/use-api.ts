import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "../api/client";

export type Loadable<T> =
  | { status: "loading"; data?: T; error?: undefined }
  | { status: "ok"; data: T; error?: undefined }
  | { status: "error"; data?: T; error: ApiError };

/**
 * Runs a request whenever `key` changes, aborting the one before, so a slow answer to an old query never replaces
 * a newer one. Keeps the previous data while loading, so the page does not jump.
 */
export function useApi<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>) {
  const [state, setState] = useState<Loadable<T>>({ status: "loading" });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` forces a reload on demand
  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    setState((previous) => ({ status: "loading", data: previous.data }));
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: "ok", data });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError =
          error instanceof ApiError
            ? error
            : new ApiError({
                title: "Error",
                status: 0,
                detail: error instanceof Error ? error.message : String(error),
              });
        setState((previous) => ({ status: "error", data: previous.data, error: apiError }));
      },
    );
    return () => controller.abort();
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}

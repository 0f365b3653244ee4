import type { DescMethodUnary } from "@bufbuild/protobuf";
import { createConnectQueryKey } from "@connectrpc/connect-query";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";

/** Marks every cached result of these RPCs stale (all inputs, paged or not). */
export function useInvalidate(): (...methods: DescMethodUnary[]) => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(
    async (...methods) => {
      await Promise.all(
        methods.map((schema) =>
          queryClient.invalidateQueries({ queryKey: createConnectQueryKey({ schema, cardinality: undefined }) }),
        ),
      );
    },
    [queryClient],
  );
}

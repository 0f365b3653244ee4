import { Group, Paper, Stack } from "@mantine/core";
import type { ReactNode } from "react";

interface Node {
  id: string;
  parentId: string;
}

/** Depth of each node in a depth-first list with parent ids. */
export function depths(nodes: readonly Node[]): Map<string, number> {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const result = new Map<string, number>();
  const depthOf = (node: Node, guard: number): number => {
    const known = result.get(node.id);
    if (known !== undefined) return known;
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    const depth = parent && guard < 32 ? depthOf(parent, guard + 1) + 1 : 0;
    result.set(node.id, depth);
    return depth;
  };
  for (const node of nodes) depthOf(node, 0);
  return result;
}

/** A depth-first list drawn as an indented tree (indented at the start side, so it mirrors in RTL). */
export function TreeRows<T extends Node>({
  nodes,
  label,
  render,
  actions,
}: {
  nodes: readonly T[];
  label: string;
  render: (node: T) => ReactNode;
  actions: (node: T) => ReactNode;
}) {
  const depthById = depths(nodes);
  return (
    <Stack gap={6} role="tree" aria-label={label}>
      {nodes.map((node) => {
        const depth = depthById.get(node.id) ?? 0;
        return (
          <Paper
            key={node.id}
            withBorder
            p="xs"
            radius="md"
            role="treeitem"
            aria-level={depth + 1}
            style={{ marginInlineStart: `calc(${Math.min(depth, 6)} * var(--mantine-spacing-lg))` }}
          >
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <div style={{ minWidth: 0, flex: 1 }}>{render(node)}</div>
              <Group gap={4} wrap="nowrap">
                {actions(node)}
              </Group>
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}

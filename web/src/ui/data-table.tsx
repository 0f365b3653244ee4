import { Card, Group, Stack, Table, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useWideScreen } from "./media.js";

export interface Column<T> {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  /** On phones: the card title, a labelled field (default), or the action row. */
  mobile?: "title" | "field" | "actions";
}

/** A table on wide screens; stacked cards on phones. */
export function DataTable<T>({
  rows,
  columns,
  rowKey,
  minWidth = 640,
  label,
}: {
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  minWidth?: number;
  label: string;
}) {
  const wide = useWideScreen();
  if (wide) {
    return (
      <Table.ScrollContainer minWidth={minWidth}>
        <Table striped highlightOnHover verticalSpacing="sm" aria-label={label}>
          <Table.Thead>
            <Table.Tr>
              {columns.map((column) => (
                <Table.Th key={column.key}>{column.header}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={rowKey(row)}>
                {columns.map((column) => (
                  <Table.Td key={column.key}>{column.render(row)}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }
  const titles = columns.filter((column) => column.mobile === "title");
  const fields = columns.filter((column) => (column.mobile ?? "field") === "field");
  const actions = columns.filter((column) => column.mobile === "actions");
  return (
    <Stack gap="sm" role="list" aria-label={label}>
      {rows.map((row) => (
        <Card key={rowKey(row)} withBorder padding="sm" role="listitem">
          <Stack gap={6}>
            {titles.map((column) => (
              <div key={column.key}>{column.render(row)}</div>
            ))}
            {fields.map((column) => (
              <Group key={column.key} justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
                <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
                  {column.header}
                </Text>
                <div style={{ minWidth: 0, textAlign: "end", overflowWrap: "anywhere" }}>{column.render(row)}</div>
              </Group>
            ))}
            {actions.map((column) => (
              <Group key={column.key} gap="xs" mt={4}>
                {column.render(row)}
              </Group>
            ))}
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}

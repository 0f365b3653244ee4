import type { Permission } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { Checkbox, Fieldset, SimpleGrid, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { areaLabel, groupByArea, permissionLabel } from "./labels.js";

/** Checkboxes for permissions, one group per area. */
export function PermissionPicker({
  permissions,
  value,
  onChange,
  readOnly = false,
}: {
  permissions: readonly Permission[];
  value: readonly string[];
  onChange: (value: string[]) => void;
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const selected = new Set(value);
  return (
    <Stack gap="sm">
      {groupByArea(permissions).map(([area, group]) => (
        <Fieldset key={area} legend={areaLabel(t, area)} variant="filled" p="sm">
          <Checkbox.Group
            value={group.filter((permission) => selected.has(permission.name)).map((permission) => permission.name)}
            onChange={(names) => {
              const inArea = new Set(group.map((permission) => permission.name));
              onChange([...value.filter((name) => !inArea.has(name)), ...names]);
            }}
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
              {group.map((permission) => (
                <Checkbox
                  key={permission.name}
                  value={permission.name}
                  disabled={readOnly}
                  label={permissionLabel(t, permission)}
                  description={
                    <Text span size="xs" ff="monospace" dir="ltr">
                      {permission.name}
                    </Text>
                  }
                />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
        </Fieldset>
      ))}
    </Stack>
  );
}

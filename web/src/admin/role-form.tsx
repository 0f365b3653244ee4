import { useMutation } from "@connectrpc/connect-query";
import { AuthService, type Permission, type Role } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { Alert, Button, Group, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { AppModal } from "../ui/app-modal.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { roleDescription, roleLabel } from "./labels.js";
import { PermissionPicker } from "./permission-picker.js";

function RoleForm({
  role,
  permissions,
  readOnly,
  onClose,
}: {
  role: Role | undefined;
  permissions: readonly Permission[];
  readOnly: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const [name, setName] = useState(role ? roleLabel(t, role) : "");
  const [description, setDescription] = useState(role ? roleDescription(t, role) : "");
  const [selected, setSelected] = useState<string[]>(role?.permissions ?? []);
  const options = {
    onSuccess: async () => {
      await invalidate(AuthService.method.listRoles, AuthService.method.getCurrentUser);
      onClose();
    },
  };
  const create = useMutation(AuthService.method.createRole, options);
  const update = useMutation(AuthService.method.updateRole, options);
  const pending = create.isPending || update.isPending;
  const error = create.error ?? update.error;

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (readOnly || name.trim() === "") return;
        const fields = { name: name.trim(), description: description.trim(), permissions: selected };
        if (role) update.mutate({ roleId: role.id, version: role.version, ...fields });
        else create.mutate(fields);
      }}
    >
      <Stack gap="sm">
        {readOnly && role?.builtIn ? (
          <Alert variant="light" color="gray">
            {t("roles.builtInReadOnly")}
          </Alert>
        ) : null}
        <ErrorAlert error={error} />
        <TextInput
          label={t("fields.name")}
          required
          readOnly={readOnly}
          value={name}
          onChange={(event) => { setName(event.currentTarget.value); }}
        />
        <Textarea
          label={t("fields.description")}
          readOnly={readOnly}
          autosize
          minRows={2}
          value={description}
          onChange={(event) => { setDescription(event.currentTarget.value); }}
        />
        <Text fw={500} size="sm">
          {t("roles.permissions")}
        </Text>
        <PermissionPicker permissions={permissions} value={selected} onChange={setSelected} readOnly={readOnly} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {readOnly ? t("common.close") : t("common.cancel")}
          </Button>
          {readOnly ? null : (
            <Button type="submit" loading={pending} disabled={name.trim() === ""}>
              {t("common.save")}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}

/** Create (role undefined), edit, or view (built-in roles, or without roles.manage) a role. */
export function RoleModal({
  opened,
  role,
  permissions,
  readOnly,
  onClose,
}: {
  opened: boolean;
  role: Role | undefined;
  permissions: readonly Permission[];
  readOnly: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const title = role ? (readOnly ? roleLabel(t, role) : t("roles.editTitle")) : t("roles.createTitle");
  return (
    <AppModal opened={opened} onClose={onClose} title={title} size="xl">
      {opened ? (
        <RoleForm
          key={role ? `${role.id}:${role.version}` : "new"}
          role={role}
          permissions={permissions}
          readOnly={readOnly}
          onClose={onClose}
        />
      ) : null}
    </AppModal>
  );
}

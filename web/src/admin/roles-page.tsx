import { useMutation, useQuery } from "@connectrpc/connect-query";
import { AuthService, type Role } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { Badge, Button, Card, Center, Group, Loader, SimpleGrid, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { useCan } from "../auth/current-user.js";
import { AppModal } from "../ui/app-modal.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { PageHeader } from "../ui/page-header.js";
import { roleDescription, roleLabel } from "./labels.js";
import { RoleModal } from "./role-form.js";

function DeleteRoleModal({ role, onClose }: { role: Role | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const remove = useMutation(AuthService.method.deleteRole, {
    onSuccess: async () => {
      await invalidate(AuthService.method.listRoles);
      close();
    },
  });
  function close(): void {
    remove.reset();
    onClose();
  }
  return (
    <AppModal opened={role !== undefined} onClose={close} title={t("roles.deleteTitle")} size="md">
      <Stack>
        <Text>{t("roles.deleteText", { name: role?.name ?? "" })}</Text>
        <ErrorAlert error={remove.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t("common.cancel")}
          </Button>
          <Button color="red" loading={remove.isPending} onClick={() => {
              if (role) remove.mutate({ roleId: role.id });
            }}>
            {t("common.delete")}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}

export function RolesPage() {
  const { t } = useTranslation();
  const canManage = useCan("roles.manage");
  const roles = useQuery(AuthService.method.listRoles, {});
  const permissions = useQuery(AuthService.method.listPermissions, {});
  const [open, setOpen] = useState<{ role: Role | undefined; readOnly: boolean }>();
  const [deleting, setDeleting] = useState<Role>();
  const list = roles.data?.roles ?? [];
  const sorted = [...list.filter((role) => role.builtIn), ...list.filter((role) => !role.builtIn)];

  return (
    <>
      <PageHeader
        title={t("roles.title")}
        description={t("roles.description")}
        actions={
          canManage ? (
            <Button onClick={() => { setOpen({ role: undefined, readOnly: false }); }} disabled={!permissions.data}>
              {t("roles.add")}
            </Button>
          ) : undefined
        }
      />
      <ErrorAlert error={roles.error ?? permissions.error} />
      {roles.isPending ? (
        <Center py="xl">
          <Loader />
        </Center>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          {sorted.map((role) => {
            const editable = canManage && !role.builtIn;
            return (
              <Card key={role.id} withBorder padding="md" radius="md">
                <Stack gap="xs" h="100%">
                  <Group justify="space-between" wrap="nowrap" align="flex-start">
                    <Text fw={600}>{roleLabel(t, role)}</Text>
                    <Badge variant="light" color={role.builtIn ? "gray" : "indigo"}>
                      {role.builtIn ? t("roles.builtIn") : t("roles.custom")}
                    </Badge>
                  </Group>
                  {role.description ? (
                    <Text size="sm" c="dimmed" lineClamp={3}>
                      {roleDescription(t, role)}
                    </Text>
                  ) : null}
                  <Text size="sm" flex={1}>
                    {t("roles.permissionCount", { count: role.permissions.length })}
                  </Text>
                  <Group gap="xs">
                    <Button
                      size="xs"
                      variant="light"
                      disabled={!permissions.data}
                      onClick={() => { setOpen({ role, readOnly: !editable }); }}
                    >
                      {editable ? t("common.edit") : t("common.view")}
                    </Button>
                    {editable ? (
                      <Button size="xs" variant="subtle" color="red" onClick={() => { setDeleting(role); }}>
                        {t("common.delete")}
                      </Button>
                    ) : null}
                  </Group>
                </Stack>
              </Card>
            );
          })}
        </SimpleGrid>
      )}
      <RoleModal
        opened={open !== undefined}
        role={open?.role}
        readOnly={open?.readOnly ?? true}
        permissions={permissions.data?.permissions ?? []}
        onClose={() => { setOpen(undefined); }}
      />
      {canManage ? <DeleteRoleModal role={deleting} onClose={() => { setDeleting(undefined); }} /> : null}
    </>
  );
}

import { skipToken, useInfiniteQuery, useMutation, useQuery } from "@connectrpc/connect-query";
import { AuthService, type Role, type User } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { Badge, Button, Center, Group, Loader, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { useCan, usePrincipal } from "../auth/current-user.js";
import { AppModal } from "../ui/app-modal.js";
import { DataTable, type Column } from "../ui/data-table.js";
import { EmptyState } from "../ui/empty-state.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { PageHeader } from "../ui/page-header.js";
import { roleLabel } from "./labels.js";
import { CreateUserModal, EditUserModal } from "./user-form.js";
import { UserStatusBadge } from "./user-status.js";

function DisableUserModal({ user, onClose }: { user: User | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const disable = useMutation(AuthService.method.disableUser, {
    onSuccess: async () => {
      await invalidate(AuthService.method.listUsers);
      close();
    },
  });
  function close(): void {
    disable.reset();
    onClose();
  }
  return (
    <AppModal opened={user !== undefined} onClose={close} title={t("users.disableTitle")} size="md">
      <Stack>
        <Text>{t("users.disableText", { name: user?.displayName ?? "" })}</Text>
        <ErrorAlert error={disable.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t("common.cancel")}
          </Button>
          <Button color="red" loading={disable.isPending} onClick={() => {
              if (user) disable.mutate({ userId: user.id });
            }}>
            {t("users.disable")}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}

export function UsersPage() {
  const { t } = useTranslation();
  const self = usePrincipal().user;
  const canManage = useCan("users.manage");
  const canReadRoles = useCan("roles.read");
  const invalidate = useInvalidate();
  const [search, setSearch] = useState("");
  const [query] = useDebouncedValue(search.trim(), 300);
  const [includeDisabled, setIncludeDisabled] = useState(false);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User>();
  const [disabling, setDisabling] = useState<User>();

  const users = useInfiniteQuery(
    AuthService.method.listUsers,
    { query, includeDisabled, pageSize: 50, pageToken: "" },
    { pageParamKey: "pageToken", getNextPageParam: (page) => page.nextPageToken || undefined },
  );
  const roles = useQuery(AuthService.method.listRoles, canReadRoles ? {} : skipToken);
  const enable = useMutation(AuthService.method.enableUser, {
    onSuccess: () => invalidate(AuthService.method.listUsers),
  });
  const roleList: readonly Role[] | undefined = roles.data?.roles;
  const roleById = new Map((roleList ?? []).map((role) => [role.id, role]));
  const rows = users.data?.pages.flatMap((page) => page.users) ?? [];

  const columns: Column<User>[] = [
    {
      key: "name",
      header: t("users.columns.name"),
      mobile: "title",
      render: (user) => (
        <Stack gap={0}>
          <Text fw={500}>{user.displayName}</Text>
          <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
            <bdi>{user.email}</bdi>
          </Text>
        </Stack>
      ),
    },
    {
      key: "roles",
      header: t("users.columns.roles"),
      render: (user) => (
        <Group gap={4} justify="flex-end" style={{ justifyContent: "inherit" }}>
          {user.roleIds.map((id) => {
            const role = roleById.get(id);
            return (
              <Badge key={id} variant="light" tt="none" style={{ minWidth: "max-content" }}>
                {role ? roleLabel(t, role) : t("users.unknownRole")}
              </Badge>
            );
          })}
        </Group>
      ),
    },
    { key: "status", header: t("users.columns.status"), render: (user) => <UserStatusBadge user={user} /> },
  ];
  if (canManage) {
    columns.push({
      key: "actions",
      header: t("common.actions"),
      mobile: "actions",
      render: (user) => (
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" variant="light" onClick={() => { setEditing(user); }}>
            {t("common.edit")}
          </Button>
          {user.disabled ? (
            <Button
              size="xs"
              variant="default"
              loading={enable.isPending && enable.variables.userId === user.id}
              onClick={() => { enable.mutate({ userId: user.id }); }}
            >
              {t("users.enable")}
            </Button>
          ) : (
            <Button size="xs" variant="subtle" color="red" disabled={user.id === self?.id} onClick={() => { setDisabling(user); }}>
              {t("users.disable")}
            </Button>
          )}
        </Group>
      ),
    });
  }

  return (
    <>
      <PageHeader
        title={t("users.title")}
        description={t("users.description")}
        actions={canManage ? <Button onClick={() => { setCreating(true); }}>{t("users.add")}</Button> : undefined}
      />
      <Stack gap="md">
        <Group gap="md" align="end">
          <TextInput
            flex="1 1 14rem"
            label={t("users.search")}
            placeholder={t("users.searchPlaceholder")}
            value={search}
            onChange={(event) => { setSearch(event.currentTarget.value); }}
            type="search"
          />
          <Switch
            label={t("users.includeDisabled")}
            checked={includeDisabled}
            onChange={(event) => { setIncludeDisabled(event.currentTarget.checked); }}
            mb={8}
          />
        </Group>
        <ErrorAlert error={users.error ?? enable.error} />
        {users.isPending ? (
          <Center py="xl">
            <Loader />
          </Center>
        ) : rows.length === 0 ? (
          <EmptyState title={query ? t("users.noMatches") : t("users.empty")} />
        ) : (
          <DataTable label={t("users.title")} rows={rows} columns={columns} rowKey={(user) => user.id} />
        )}
        {users.hasNextPage ? (
          <Center>
            <Button variant="default" loading={users.isFetchingNextPage} onClick={() => void users.fetchNextPage()}>
              {t("common.loadMore")}
            </Button>
          </Center>
        ) : null}
      </Stack>
      {canManage ? (
        <>
          <CreateUserModal opened={creating} onClose={() => { setCreating(false); }} roles={roleList} />
          <EditUserModal user={editing} roles={roleList} onClose={() => { setEditing(undefined); }} />
          <DisableUserModal user={disabling} onClose={() => { setDisabling(undefined); }} />
        </>
      ) : null}
    </>
  );
}

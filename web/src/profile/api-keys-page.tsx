import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { skipToken, useMutation, useQuery } from "@connectrpc/connect-query";
import { AuthService, type ApiKey, type Permission } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { Alert, Badge, Button, Center, Code, Group, Input, Loader, SegmentedControl, Select, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { PermissionPicker } from "../admin/permission-picker.js";
import { useInvalidate } from "../app/invalidate.js";
import { usePrincipal, useUserFormat } from "../auth/current-user.js";
import { formatDateTime } from "../format.js";
import { AppModal } from "../ui/app-modal.js";
import { CopyField } from "../ui/copy-field.js";
import { DataTable, type Column } from "../ui/data-table.js";
import { EmptyState } from "../ui/empty-state.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { PageHeader } from "../ui/page-header.js";

const expiryDays = ["never", "7", "30", "90", "365"] as const;
const dayMs = 24 * 60 * 60 * 1000;

function keyStatus(key: ApiKey, now: number): "revoked" | "expired" | "active" {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && timestampDate(key.expiresAt).getTime() <= now) return "expired";
  return "active";
}

function CreateApiKeyModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const principal = usePrincipal();
  const invalidate = useInvalidate();
  const catalogue = useQuery(AuthService.method.listPermissions, opened ? {} : skipToken);
  const [name, setName] = useState("");
  const [scope, setScope] = useState<"all" | "some">("all");
  const [selected, setSelected] = useState<string[]>([]);
  const [expiry, setExpiry] = useState<(typeof expiryDays)[number]>("90");
  const create = useMutation(AuthService.method.createApiKey, {
    onSuccess: () => invalidate(AuthService.method.listApiKeys),
  });
  // Only permissions the caller holds can be given to a key.
  const held = new Set(principal.permissions);
  const own: Permission[] = (catalogue.data?.permissions ?? []).filter((permission) => held.has(permission.name));

  function close(): void {
    setName("");
    setScope("all");
    setSelected([]);
    create.reset();
    onClose();
  }

  const secret = create.data?.secret;
  const valid = name.trim() !== "" && (scope === "all" || selected.length > 0);
  return (
    <AppModal opened={opened} onClose={close} title={t("apiKeys.createTitle")} size="xl">
      {secret ? (
        <Stack>
          <Alert color="orange" variant="light" title={t("apiKeys.secretTitle")}>
            {t("apiKeys.secretWarning")}
          </Alert>
          <CopyField label={t("apiKeys.secret")} value={secret} />
          <Group justify="flex-end">
            <Button onClick={close}>{t("common.done")}</Button>
          </Group>
        </Stack>
      ) : (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (!valid) return;
            create.mutate({
              name: name.trim(),
              permissions: scope === "all" ? [] : selected,
              ...(expiry === "never" ? {} : { expiresAt: timestampFromDate(new Date(Date.now() + Number(expiry) * dayMs)) }),
            });
          }}
        >
          <Stack gap="sm">
            <ErrorAlert error={create.error ?? catalogue.error} />
            <TextInput
              label={t("fields.name")}
              description={t("apiKeys.nameHint")}
              required
              value={name}
              onChange={(event) => { setName(event.currentTarget.value); }}
            />
            <Select
              label={t("apiKeys.expiry")}
              value={expiry}
              allowDeselect={false}
              onChange={(value) => { setExpiry(expiryDays.find((option) => option === value) ?? "never"); }}
              data={expiryDays.map((option) => ({
                value: option,
                label: option === "never" ? t("apiKeys.never") : t("apiKeys.days", { count: Number(option) }),
              }))}
            />
            <Input.Wrapper label={t("apiKeys.scope")}>
              <SegmentedControl
                fullWidth
                aria-label={t("apiKeys.scope")}
                value={scope}
                onChange={(value) => { setScope(value === "some" ? "some" : "all"); }}
                data={[
                  { value: "all", label: t("apiKeys.scopeAll") },
                  { value: "some", label: t("apiKeys.scopeSome") },
                ]}
              />
            </Input.Wrapper>
            {scope === "some" ? <PermissionPicker permissions={own} value={selected} onChange={setSelected} /> : null}
            <Group justify="flex-end" mt="sm">
              <Button variant="default" onClick={close}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" loading={create.isPending} disabled={!valid}>
                {t("apiKeys.create")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </AppModal>
  );
}

function RevokeApiKeyModal({ apiKey, onClose }: { apiKey: ApiKey | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const revoke = useMutation(AuthService.method.revokeApiKey, {
    onSuccess: async () => {
      await invalidate(AuthService.method.listApiKeys);
      close();
    },
  });
  function close(): void {
    revoke.reset();
    onClose();
  }
  return (
    <AppModal opened={apiKey !== undefined} onClose={close} title={t("apiKeys.revokeTitle")} size="md">
      <Stack>
        <Text>{t("apiKeys.revokeText", { name: apiKey?.name ?? "" })}</Text>
        <ErrorAlert error={revoke.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t("common.cancel")}
          </Button>
          <Button color="red" loading={revoke.isPending} onClick={() => {
              if (apiKey) revoke.mutate({ apiKeyId: apiKey.id });
            }}>
            {t("apiKeys.revoke")}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}

export function ApiKeysPage() {
  const { t } = useTranslation();
  const { locale, timeZone } = useUserFormat();
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey>();
  const keys = useQuery(AuthService.method.listApiKeys, { includeRevoked });
  const now = Date.now();
  const when = (timestamp: ApiKey["createdAt"], empty: string): string =>
    timestamp ? formatDateTime(timestampDate(timestamp), locale, timeZone) : empty;

  const columns: Column<ApiKey>[] = [
    {
      key: "name",
      header: t("apiKeys.columns.name"),
      mobile: "title",
      render: (key) => (
        <Group gap="xs" wrap="nowrap">
          <Text fw={500}>{key.name}</Text>
          <Code dir="ltr">{key.prefix}…</Code>
        </Group>
      ),
    },
    {
      key: "permissions",
      header: t("apiKeys.columns.permissions"),
      render: (key) => (
        <Text size="sm">
          {key.permissions.length === 0 ? t("apiKeys.scopeAll") : t("roles.permissionCount", { count: key.permissions.length })}
        </Text>
      ),
    },
    { key: "created", header: t("apiKeys.columns.created"), render: (key) => <Text size="sm" style={{ whiteSpace: "nowrap" }}>{when(key.createdAt, "")}</Text> },
    {
      key: "expires",
      header: t("apiKeys.columns.expires"),
      render: (key) => <Text size="sm" style={{ whiteSpace: "nowrap" }}>{when(key.expiresAt, t("apiKeys.never"))}</Text>,
    },
    {
      key: "lastUsed",
      header: t("apiKeys.columns.lastUsed"),
      render: (key) => <Text size="sm" style={{ whiteSpace: "nowrap" }}>{when(key.lastUsedAt, t("apiKeys.neverUsed"))}</Text>,
    },
    {
      key: "status",
      header: t("apiKeys.columns.status"),
      render: (key) => {
        const status = keyStatus(key, now);
        return (
          <Badge color={status === "active" ? "teal" : "gray"} style={{ minWidth: "max-content" }}>
            {t(`apiKeys.status.${status}`)}
          </Badge>
        );
      },
    },
    {
      key: "actions",
      header: t("common.actions"),
      mobile: "actions",
      render: (key) =>
        key.revokedAt ? null : (
          <Button size="xs" variant="subtle" color="red" onClick={() => { setRevoking(key); }}>
            {t("apiKeys.revoke")}
          </Button>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t("apiKeys.title")}
        description={t("apiKeys.description")}
        actions={<Button onClick={() => { setCreating(true); }}>{t("apiKeys.add")}</Button>}
      />
      <Stack gap="md">
        <Switch
          label={t("apiKeys.includeRevoked")}
          checked={includeRevoked}
          onChange={(event) => { setIncludeRevoked(event.currentTarget.checked); }}
        />
        <ErrorAlert error={keys.error} />
        {keys.isPending ? (
          <Center py="xl">
            <Loader />
          </Center>
        ) : (keys.data?.apiKeys.length ?? 0) === 0 ? (
          <EmptyState title={t("apiKeys.empty")}>{t("apiKeys.emptyHint")}</EmptyState>
        ) : (
          <DataTable
            label={t("apiKeys.title")}
            rows={keys.data?.apiKeys ?? []}
            columns={columns}
            rowKey={(key) => key.id}
            minWidth={860}
          />
        )}
      </Stack>
      <CreateApiKeyModal opened={creating} onClose={() => { setCreating(false); }} />
      <RevokeApiKeyModal apiKey={revoking} onClose={() => { setRevoking(undefined); }} />
    </>
  );
}

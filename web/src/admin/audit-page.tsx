import { timestampDate } from "@bufbuild/protobuf/wkt";
import { skipToken, useInfiniteQuery, useQuery } from "@connectrpc/connect-query";
import { AuthService, type AuditEvent, type User } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { Button, Center, Code, Loader, Stack, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useCan, useUserFormat } from "../auth/current-user.js";
import { formatDateTime } from "../format.js";
import { DataTable, type Column } from "../ui/data-table.js";
import { EmptyState } from "../ui/empty-state.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { PageHeader } from "../ui/page-header.js";
import { auditActionLabel } from "./labels.js";

function shortId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 8)}…` : id;
}

function actorLabel(t: TFunction, event: AuditEvent, users: ReadonlyMap<string, User>): string {
  if (!event.actorUserId) return t("audit.anonymous");
  const user = users.get(event.actorUserId);
  const name = user ? user.displayName || user.email : shortId(event.actorUserId);
  return event.actorApiKeyId ? t("audit.viaApiKey", { name, key: shortId(event.actorApiKeyId) }) : name;
}

function Subject({ event, users }: { event: AuditEvent; users: ReadonlyMap<string, User> }) {
  const { t } = useTranslation();
  if (!event.subjectType) return null;
  const user = event.subjectType === "user" ? users.get(event.subjectId) : undefined;
  const name = event.details.name;
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {t(`audit.subjectTypes.${event.subjectType}`, { defaultValue: event.subjectType })}
      </Text>
      <Text size="sm">
        <bdi>{user ? user.displayName || user.email : name || shortId(event.subjectId)}</bdi>
      </Text>
    </Stack>
  );
}

export function AuditPage() {
  const { t } = useTranslation();
  const { locale, timeZone } = useUserFormat();
  const canReadUsers = useCan("users.read");
  const [filter, setFilter] = useState("");
  const [actionPrefix] = useDebouncedValue(filter.trim(), 300);
  const events = useInfiniteQuery(
    AuthService.method.listAuditEvents,
    { actionPrefix, pageSize: 50, pageToken: "" },
    { pageParamKey: "pageToken", getNextPageParam: (page) => page.nextPageToken || undefined },
  );
  // Companies have tens to hundreds of users: one page resolves actor names.
  const users = useQuery(AuthService.method.listUsers, canReadUsers ? { pageSize: 500, includeDisabled: true } : skipToken);
  const userById = new Map((users.data?.users ?? []).map((user) => [user.id, user]));
  const rows = events.data?.pages.flatMap((page) => page.events) ?? [];

  const columns: Column<AuditEvent>[] = [
    {
      key: "time",
      header: t("audit.columns.time"),
      render: (event) => (
        <Text size="sm" style={{ whiteSpace: "nowrap" }}>
          {event.occurredAt ? formatDateTime(timestampDate(event.occurredAt), locale, timeZone) : ""}
        </Text>
      ),
    },
    {
      key: "action",
      header: t("audit.columns.action"),
      mobile: "title",
      render: (event) => {
        const label = auditActionLabel(t, event.action);
        return (
          <Stack gap={2} align="flex-start">
            {label ? <Text fw={500}>{label}</Text> : null}
            <Code dir="ltr">{event.action}</Code>
          </Stack>
        );
      },
    },
    {
      key: "actor",
      header: t("audit.columns.actor"),
      render: (event) => (
        <Text size="sm">
          <bdi>{actorLabel(t, event, userById)}</bdi>
        </Text>
      ),
    },
    { key: "subject", header: t("audit.columns.subject"), render: (event) => <Subject event={event} users={userById} /> },
    {
      key: "address",
      header: t("audit.columns.address"),
      render: (event) => (
        <Text size="sm" dir="ltr" ff="monospace">
          {event.clientAddress}
        </Text>
      ),
    },
    {
      key: "details",
      header: t("audit.columns.details"),
      render: (event) => (
        <Stack gap={0}>
          {Object.entries(event.details).map(([key, value]) => (
            <Text key={key} size="xs" dir="ltr" ff="monospace" style={{ overflowWrap: "anywhere" }}>
              {key}: {value}
            </Text>
          ))}
        </Stack>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t("audit.title")} description={t("audit.description")} />
      <Stack gap="md">
        <TextInput
          maw={360}
          label={t("audit.filter")}
          placeholder="auth.login"
          dir="ltr"
          value={filter}
          onChange={(event) => { setFilter(event.currentTarget.value); }}
        />
        <ErrorAlert error={events.error} />
        {events.isPending ? (
          <Center py="xl">
            <Loader />
          </Center>
        ) : rows.length === 0 ? (
          <EmptyState title={t("audit.empty")} />
        ) : (
          <DataTable label={t("audit.title")} rows={rows} columns={columns} rowKey={(event) => event.id} minWidth={900} />
        )}
        {events.hasNextPage ? (
          <Center>
            <Button variant="default" loading={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
              {t("common.loadMore")}
            </Button>
          </Center>
        ) : null}
      </Stack>
    </>
  );
}

// What is due: open tasks, earliest first, overdue in red; tick them off.
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { useQuery } from "@connectrpc/connect-query";
import { CRMService } from "@eventkit/api/eventkit/v1/crm_pb.js";
import { Group, Paper, SegmentedControl, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { usePrincipal, useUserFormat } from "../auth/current-user.js";
import { formatDateTime } from "../format.js";
import { AppLink, CenteredLoader } from "../inventory/ui.js";
import { EmptyState } from "../ui/empty-state.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { PageHeader } from "../ui/page-header.js";
import { TaskCheckbox } from "./activity-timeline.js";
import { crmPaths } from "./paths.js";

export function TasksPage() {
  const { t } = useTranslation();
  const { locale, timeZone } = useUserFormat();
  const principal = usePrincipal();
  const [whose, setWhose] = useState("mine");
  const tasks = useQuery(CRMService.method.listTasks, { ownerUserId: whose === "mine" ? (principal.user?.id ?? "") : "", pageSize: 200 });
  const now = new Date();
  const list = tasks.data?.tasks ?? [];
  return (
    <>
      <PageHeader title={t("crm.tasks.title")} description={t("crm.tasks.description")} />
      <Stack gap="sm">
        <SegmentedControl value={whose} onChange={setWhose} data={[{ value: "mine", label: t("crm.tasks.mine") }, { value: "all", label: t("crm.tasks.all") }]} style={{ alignSelf: "start" }} />
        <ErrorAlert error={tasks.error} />
        {tasks.isPending ? <CenteredLoader /> : list.length === 0 ? <EmptyState title={t("crm.tasks.empty")} /> : null}
        {list.map((task) => {
          const due = task.dueAt ? timestampDate(task.dueAt) : undefined;
          return (
            <Paper key={task.id} withBorder p="sm" radius="md">
              <Group justify="space-between" wrap="nowrap" align="start">
                <Stack gap={2} miw={0}>
                  <Text fw={600} size="sm">{task.subject}</Text>
                  {task.companyId ? <AppLink to={crmPaths.company(task.companyId)}>{[task.companyName, task.contactName, task.dealTitle].filter(Boolean).join(" · ")}</AppLink> : null}
                  <Text size="xs" c={due && due < now ? "red" : "dimmed"}>{due ? t("crm.activity.dueAt", { when: formatDateTime(due, locale, timeZone) }) : ""}</Text>
                </Stack>
                <TaskCheckbox task={task} />
              </Group>
            </Paper>
          );
        })}
      </Stack>
    </>
  );
}

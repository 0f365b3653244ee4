import { useQuery } from "@connectrpc/connect-query";
import { LineKind, PlanningService, type Event, type Shortage } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { Button, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useCan, useUserFormat } from "../auth/current-user.js";
import { formatNumber } from "../format.js";
import { CenteredLoader } from "../inventory/ui.js";
import { DataTable, type Column } from "../ui/data-table.js";
import { EmptyState } from "../ui/empty-state.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { formatPeriod } from "./dates.js";
import { isLocked, isSubHire } from "./labels.js";
import { periodOf, useEventZone } from "./lookups.js";
import { SubHireModal, type CoverTarget } from "./sub-hire-modal.js";

/** The event's shortages: what is missing over its out-period, when it pinches, and a way to cover it. */
export function ShortagesPanel({ event }: { event: Event }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const zone = useEventZone(event);
  const editable = useCan("planning.manage") && !isLocked(event.status);
  const shortages = useQuery(PlanningService.method.listShortages, { eventId: event.id });
  const pullList = useQuery(PlanningService.method.getPullList, { eventId: event.id });
  const [cover, setCover] = useState<CoverTarget | undefined>();
  const rows = shortages.data?.shortages ?? [];

  const targetFor = (shortage: Shortage): CoverTarget | undefined => {
    const line = pullList.data?.lines.find((candidate) => candidate.productId === shortage.productId && candidate.kind === LineKind.PRODUCT && !isSubHire(candidate.source));
    const sectionId = line?.sectionId ?? pullList.data?.sections[0]?.id;
    if (!sectionId) return undefined;
    return { productId: shortage.productId, title: shortage.productName, sectionId, shortage: shortage.short };
  };

  const columns: Column<Shortage>[] = [
    { key: "product", header: t("planning.fields.product"), mobile: "title", render: (row) => <Text fw={600} size="sm">{row.productName}</Text> },
    { key: "needed", header: t("planning.shortages.needed"), render: (row) => <Text size="sm">{formatNumber(row.needed, locale)}</Text> },
    { key: "available", header: t("planning.pullList.available"), render: (row) => <Text size="sm">{formatNumber(row.available, locale)}</Text> },
    {
      key: "short",
      header: t("planning.shortages.short"),
      render: (row) => (
        <Text size="sm" c="red" fw={700}>
          {formatNumber(row.short, locale)}
        </Text>
      ),
    },
    {
      key: "when",
      header: t("planning.shortages.when"),
      render: (row) => {
        const pinch = periodOf(row.period);
        return <Text size="sm">{pinch ? formatPeriod(pinch.start, pinch.end, locale, zone) : "—"}</Text>;
      },
    },
    ...(editable
      ? [
          {
            key: "actions",
            header: t("common.actions"),
            mobile: "actions" as const,
            render: (row: Shortage) => {
              const target = targetFor(row);
              return target ? (
                <Button size="compact-sm" color="red" variant="light" onClick={() => { setCover(target); }}>
                  {t("planning.pullList.cover")}
                </Button>
              ) : null;
            },
          },
        ]
      : []),
  ];

  if (shortages.isPending) return <CenteredLoader />;
  return (
    <>
      <ErrorAlert error={shortages.error} />
      {rows.length === 0 ? (
        <EmptyState title={t("planning.shortages.none")}>{t("planning.shortages.noneHint")}</EmptyState>
      ) : (
        <DataTable label={t("planning.shortages.title")} rows={rows} columns={columns} rowKey={(row) => row.productId} minWidth={720} />
      )}
      <SubHireModal event={event} target={cover} onClose={() => { setCover(undefined); }} />
    </>
  );
}

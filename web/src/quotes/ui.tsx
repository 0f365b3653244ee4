import { QuoteStatus } from "@eventkit/api/eventkit/v1/quote_pb.js";
import { Badge, type MantineSize } from "@mantine/core";
import { useTranslation } from "react-i18next";

const colors: Record<number, string> = {
  [QuoteStatus.DRAFT]: "gray",
  [QuoteStatus.SENT]: "blue",
  [QuoteStatus.ACCEPTED]: "green",
  [QuoteStatus.DECLINED]: "red",
  [QuoteStatus.EXPIRED]: "orange",
};

export function statusName(status: QuoteStatus): string {
  return QuoteStatus[status];
}

export function QuoteStatusBadge({ status, size = "md" }: { status: QuoteStatus; size?: MantineSize }) {
  const { t } = useTranslation();
  return (
    <Badge color={colors[status] ?? "gray"} variant="light" size={size} tt="none">
      {t(`quotes.status.${statusName(status)}`)}
    </Badge>
  );
}

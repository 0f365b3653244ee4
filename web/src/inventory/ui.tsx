import type { Money } from "@eventkit/api/eventkit/v1/common_pb.js";
import type { AssetStatus } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { Anchor, Badge, Button, Center, Loader, SimpleGrid, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { followLink } from "../app/router.js";
import { useUserFormat } from "../auth/current-user.js";
import { formatMoney } from "../format.js";
import { assetStatusColor, assetStatusLabel } from "./labels.js";

/** A link inside the app (plain click navigates without reloading). */
export function AppLink({ to, children, fw, size = "sm" }: { to: string; children: ReactNode; fw?: number; size?: string }) {
  return (
    <Anchor href={to} fw={fw} size={size} onClick={(event) => { followLink(event, to); }}>
      {children}
    </Anchor>
  );
}

/** A code, tag or barcode: always left-to-right, monospace. */
export function CodeText({ children, size = "sm" }: { children: ReactNode; size?: string }) {
  return (
    <Text component="span" size={size} ff="monospace" dir="ltr" style={{ unicodeBidi: "isolate", overflowWrap: "anywhere" }}>
      {children}
    </Text>
  );
}

export function AssetStatusBadge({ status }: { status: AssetStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={assetStatusColor(status)} variant="light" tt="none" style={{ minWidth: "max-content" }}>
      {assetStatusLabel(t, status)}
    </Badge>
  );
}

/** Formats money in the user's locale; absent money as a dash. */
export function useMoneyFormat(): (money: Money | undefined) => string {
  const { locale } = useUserFormat();
  return (money) => (money?.currency ? formatMoney(money.amountMinor, money.currency, locale) : "—");
}

/** Splits `title` with «matched» parts into text and <mark> pieces. */
export function highlightParts(highlight: string): { text: string; marked: boolean }[] {
  const parts: { text: string; marked: boolean }[] = [];
  const pattern = /«([^«»]*)»/g;
  let last = 0;
  for (const match of highlight.matchAll(pattern)) {
    if (match.index > last) parts.push({ text: highlight.slice(last, match.index), marked: false });
    if (match[1]) parts.push({ text: match[1], marked: true });
    last = match.index + match[0].length;
  }
  if (last < highlight.length) parts.push({ text: highlight.slice(last).replace(/[«»]/g, ""), marked: false });
  return parts;
}

export function Highlighted({ text }: { text: string }) {
  return (
    <>
      {highlightParts(text).map((part, index) =>
        part.marked ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>,
      )}
    </>
  );
}

export interface Detail {
  label: string;
  value: ReactNode;
}

/** Label/value pairs: two or three columns on wide screens, one on phones. */
export function DetailGrid({ details }: { details: readonly Detail[] }) {
  return (
    <SimpleGrid cols={{ base: 2, md: 3 }} spacing="md" verticalSpacing="sm">
      {details.map((detail) => (
        <Stack key={detail.label} gap={2} miw={0}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {detail.label}
          </Text>
          <div style={{ overflowWrap: "anywhere" }}>{detail.value === "" ? "—" : detail.value}</div>
        </Stack>
      ))}
    </SimpleGrid>
  );
}

export function CenteredLoader() {
  const { t } = useTranslation();
  return (
    <Center py="xl">
      <Loader aria-label={t("common.loading")} />
    </Center>
  );
}

export function LoadMore({ hasMore, loading, onLoad }: { hasMore: boolean; loading: boolean; onLoad: () => void }) {
  const { t } = useTranslation();
  if (!hasMore) return null;
  return (
    <Center>
      <Button variant="default" loading={loading} onClick={onLoad}>
        {t("common.loadMore")}
      </Button>
    </Center>
  );
}

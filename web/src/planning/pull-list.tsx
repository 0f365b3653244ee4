import { useMutation, useQuery } from "@connectrpc/connect-query";
import { SearchHitKind } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { LineKind, PlanningService, type Event, type PullListLine, type PullListSection } from "@eventkit/api/eventkit/v1/planning_pb.js";
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Menu,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
  VisuallyHidden,
  useDirection,
} from "@mantine/core";
import { useState, type KeyboardEvent, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { useCan, useUserFormat } from "../auth/current-user.js";
import { errorMessage } from "../errors.js";
import { formatNumber } from "../format.js";
import { parseCount } from "../inventory/numbers.js";
import { CenteredLoader, useMoneyFormat } from "../inventory/ui.js";
import { AppModal } from "../ui/app-modal.js";
import { EmptyState } from "../ui/empty-state.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { useWideScreen } from "../ui/media.js";
import { isLocked, isSubHire, sourceLabel } from "./labels.js";
import { ItemPicker, type ItemChoice } from "./pickers.js";
import { canCoverWithSubHire, groupPullList, type LineNode, type SectionGroup } from "./pull-list-tree.js";
import { SubHireModal, type CoverTarget } from "./sub-hire-modal.js";
import { AvailableText, ShortageBadge } from "./ui.js";

function usePullListRefresh() {
  const invalidate = useInvalidate();
  return () =>
    invalidate(
      PlanningService.method.getPullList,
      PlanningService.method.listShortages,
      PlanningService.method.listEventHistory,
      PlanningService.method.getProductTimeline,
    );
}

/** Search the catalogue and add a product, a specific asset or a kit to a section. */
function AddLineBar({ event, sections }: { event: Event; sections: readonly PullListSection[] }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const refresh = usePullListRefresh();
  const [item, setItem] = useState<ItemChoice | undefined>();
  const [pickerKey, setPickerKey] = useState(0);
  const [quantity, setQuantity] = useState("1");
  const [sectionId, setSectionId] = useState("");
  const [includeOptional, setIncludeOptional] = useState(false);
  const [added, setAdded] = useState("");
  const section = sections.some((candidate) => candidate.id === sectionId) ? sectionId : (sections[0]?.id ?? "");
  // A specific asset and a permanent case are one unit each.
  const single = item?.kind === SearchHitKind.ASSET || item?.kind === SearchHitKind.CASE;
  const count = single ? 1 : parseCount(quantity);
  const quantityError = count === undefined || count < 1 ? t("planning.validation.quantity") : undefined;

  const addLine = useMutation(PlanningService.method.addPullListLine, {
    onSuccess: async (response, request) => {
      await refresh();
      setAdded(t("planning.pullList.added", { count: response.lines.length, value: formatNumber(response.lines.length, locale), title: item?.title ?? "" }));
      setItem(undefined);
      setQuantity("1");
      setIncludeOptional(false);
      setPickerKey((key) => key + 1);
      if (request.sectionId) setSectionId(request.sectionId);
    },
  });

  function submit(formEvent: SyntheticEvent) {
    formEvent.preventDefault();
    if (!item || count === undefined || count < 1) return;
    const choice =
      item.kind === SearchHitKind.KIT
        ? ({ case: "kitId", value: item.id } as const)
        : item.kind === SearchHitKind.ASSET
          ? ({ case: "assetId", value: item.id } as const)
          : item.kind === SearchHitKind.CASE
            ? ({ case: "caseId", value: item.id } as const)
            : ({ case: "productId", value: item.id } as const);
    addLine.mutate({ eventId: event.id, sectionId: section, item: choice, quantity: count, includeOptional: item.kind === SearchHitKind.KIT && includeOptional });
  }

  return (
    <Paper withBorder p="sm" radius="md" component="form" noValidate onSubmit={submit} aria-label={t("planning.pullList.addTitle")}>
      <Stack gap="xs">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <div style={{ flex: "1 1 16rem", minWidth: 0 }}>
            <ItemPicker
              key={pickerKey}
              label={t("planning.pullList.addItem")}
              kinds={[SearchHitKind.PRODUCT, SearchHitKind.ASSET, SearchHitKind.KIT, SearchHitKind.CASE]}
              value={item}
              onChange={setItem}
              autoFocus={pickerKey > 0}
            />
          </div>
          <TextInput
            w={96}
            label={t("planning.fields.quantity")}
            inputMode="numeric"
            dir="ltr"
            value={single ? "1" : quantity}
            disabled={single}
            error={item && quantityError ? quantityError : undefined}
            onChange={(change) => { setQuantity(change.currentTarget.value); }}
          />
          {sections.length > 1 ? (
            <Select
              w={200}
              label={t("planning.pullList.section")}
              data={sections.map((candidate) => ({ value: candidate.id, label: candidate.name }))}
              value={section || null}
              allowDeselect={false}
              onChange={(id) => { setSectionId(id ?? ""); }}
            />
          ) : null}
          <Button type="submit" disabled={!item || quantityError !== undefined} loading={addLine.isPending}>
            {t("planning.pullList.add")}
          </Button>
        </Group>
        {item?.kind === SearchHitKind.KIT ? (
          <Checkbox
            label={t("planning.pullList.includeOptional")}
            checked={includeOptional}
            onChange={(change) => { setIncludeOptional(change.currentTarget.checked); }}
          />
        ) : null}
        <ErrorAlert error={addLine.error} />
        <Text size="xs" c="dimmed" aria-live="polite">
          {added}
        </Text>
      </Stack>
    </Paper>
  );
}

/** The quantity of a line, edited in place: saved on Enter or when leaving the field. */
function QuantityCell({ line, editable }: { line: PullListLine; editable: boolean }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const refresh = usePullListRefresh();
  const [text, setText] = useState<string | undefined>();
  const update = useMutation(PlanningService.method.updatePullListLine, {
    onSuccess: async () => {
      await refresh();
      setText(undefined);
    },
  });
  if (!editable || line.kind === LineKind.ASSET || line.kind === LineKind.CASE) {
    return (
      <Text size="sm" style={{ fontVariantNumeric: "tabular-nums" }}>
        {formatNumber(line.quantity, locale)}
      </Text>
    );
  }
  const value = text ?? String(line.quantity);
  const parsed = parseCount(value);
  const invalid = parsed === undefined || parsed < 1;
  const commit = () => {
    if (text === undefined) return;
    if (invalid || parsed === line.quantity) {
      if (!invalid) setText(undefined);
      return;
    }
    update.mutate({ lineId: line.id, quantity: parsed });
  };
  return (
    <Tooltip label={update.error ? errorMessage(t, update.error) : t("planning.validation.quantity")} disabled={!update.error && !invalid} withinPortal>
      <TextInput
        size="xs"
        w={72}
        inputMode="numeric"
        dir="ltr"
        aria-label={t("planning.pullList.quantityOf", { title: line.title })}
        value={value}
        error={invalid || update.error ? true : undefined}
        disabled={update.isPending}
        onChange={(change) => { setText(change.currentTarget.value); }}
        onBlur={commit}
        onKeyDown={(key: KeyboardEvent<HTMLInputElement>) => {
          if (key.key === "Enter") {
            key.preventDefault();
            commit();
          } else if (key.key === "Escape") {
            setText(undefined);
          }
        }}
      />
    </Tooltip>
  );
}

function LineTitle({ node }: { node: LineNode }) {
  const { t } = useTranslation();
  const { dir } = useDirection();
  const money = useMoneyFormat();
  const { line } = node;
  return (
    <Stack gap={2} style={{ paddingInlineStart: node.depth * 20, minWidth: 0 }}>
      <Group gap={6} wrap="wrap">
        {node.depth > 0 ? (
          <Text span c="dimmed" aria-hidden>
            {dir === "rtl" ? "↲" : "↳"}
          </Text>
        ) : null}
        <Text size="sm" fw={line.kind === LineKind.KIT ? 700 : node.depth === 0 ? 500 : 400}>
          {line.title}
        </Text>
        {line.kind === LineKind.KIT ? (
          <Badge size="xs" color="grape" variant="light" tt="none">
            {t("planning.picker.kit")}
          </Badge>
        ) : null}
        {line.kind === LineKind.ASSET ? (
          <Badge size="xs" color="gray" variant="light" tt="none">
            {t("planning.picker.asset")}
          </Badge>
        ) : null}
        {line.kind === LineKind.CASE ? (
          <Badge size="xs" color="cyan" variant="light" tt="none">
            {t("planning.pullList.permanentCase")}
          </Badge>
        ) : null}
        {node.component ? (
          <Badge size="xs" color="grape" variant="outline" tt="none">
            {t("planning.pullList.component")}
          </Badge>
        ) : null}
        {line.accessory ? (
          <Badge size="xs" color="cyan" variant="outline" tt="none">
            {t("planning.pullList.accessory")}
          </Badge>
        ) : null}
        {isSubHire(line.source) ? (
          <Badge size="xs" color="orange" variant="light" tt="none">
            {t("planning.pullList.subHire", { source: sourceLabel(t, line.source) })}
          </Badge>
        ) : null}
      </Group>
      {isSubHire(line.source) ? (
        <Text size="xs" c="dimmed">
          {line.supplier}
          {line.cost?.currency ? ` · ${money(line.cost)}` : ""}
        </Text>
      ) : null}
      {line.notes ? (
        <Text size="xs" c="dimmed">
          {line.notes}
        </Text>
      ) : null}
    </Stack>
  );
}

function Progress({ line }: { line: PullListLine }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const label = t("planning.pullList.progressLabel", {
    picked: formatNumber(line.picked, locale),
    out: formatNumber(line.checkedOut, locale),
    returned: formatNumber(line.returned, locale),
  });
  return (
    <Text size="sm" c={line.returned >= line.quantity && line.quantity > 0 ? "green" : undefined} aria-label={label} title={label} style={{ whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" }} dir="ltr">
      {formatNumber(line.picked, locale)} / {formatNumber(line.checkedOut, locale)} / {formatNumber(line.returned, locale)}
    </Text>
  );
}

function Availability({ line }: { line: PullListLine }) {
  const { t } = useTranslation();
  if (isSubHire(line.source)) {
    return (
      <Text size="sm" c="dimmed">
        {t("planning.pullList.notCounted")}
      </Text>
    );
  }
  return <AvailableText value={line.available} />;
}

function CoverButton({ line, onCover, fullWidth }: { line: PullListLine; onCover: (target: CoverTarget) => void; fullWidth?: boolean }) {
  const { t } = useTranslation();
  if (!canCoverWithSubHire(line)) return null;
  return (
    <Button
      size="compact-xs"
      color="red"
      variant="light"
      fullWidth={fullWidth}
      onClick={() => { onCover({ productId: line.productId, title: line.title, sectionId: line.sectionId, shortage: line.shortage }); }}
    >
      {t("planning.pullList.cover")}
    </Button>
  );
}

/** Move a top-level line (with everything under it) to another section, or remove it. */
function LineMenu({ node, sections }: { node: LineNode; sections: readonly PullListSection[] }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const refresh = usePullListRefresh();
  const [removing, setRemoving] = useState(false);
  const { line } = node;
  const remove = useMutation(PlanningService.method.removePullListLine, {
    onSuccess: async () => {
      await refresh();
      setRemoving(false);
    },
  });
  const move = useMutation(PlanningService.method.updatePullListLine, { onSuccess: refresh });
  if (node.depth > 0) return null;
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color={move.error ? "red" : "gray"} aria-label={t("planning.pullList.lineActions", { title: line.title })}>
            ⋯
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {move.error ? <Menu.Label c="red">{errorMessage(t, move.error)}</Menu.Label> : null}
          {sections.length > 1 ? <Menu.Label>{t("planning.pullList.moveTo")}</Menu.Label> : null}
          {sections
            .filter((section) => section.id !== line.sectionId)
            .map((section) => (
              <Menu.Item key={section.id} onClick={() => { move.mutate({ lineId: line.id, sectionId: section.id }); }}>
                {section.name}
              </Menu.Item>
            ))}
          {sections.length > 1 ? <Menu.Divider /> : null}
          <Menu.Item color="red" onClick={() => { setRemoving(true); }}>
            {t("planning.pullList.remove")}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <AppModal opened={removing} onClose={() => { setRemoving(false); }} title={t("planning.pullList.removeTitle", { title: line.title })} size="sm">
        <Stack gap="sm">
          <Text size="sm">
            {node.descendants > 0
              ? t("planning.pullList.removeWithChildren", { count: node.descendants, value: formatNumber(node.descendants, locale) })
              : t("planning.pullList.removeOne")}
          </Text>
          <ErrorAlert error={remove.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => { setRemoving(false); }}>
              {t("common.cancel")}
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => { remove.mutate({ lineId: line.id }); }}>
              {t("planning.pullList.remove")}
            </Button>
          </Group>
        </Stack>
      </AppModal>
    </>
  );
}

function rowBackground(node: LineNode): string | undefined {
  if (node.line.shortage > 0) return "var(--mantine-color-red-light)";
  if (node.line.kind === LineKind.KIT) return "var(--mantine-color-grape-light)";
  return undefined;
}

function SectionLines({
  group,
  sections,
  editable,
  onCover,
}: {
  group: SectionGroup;
  sections: readonly PullListSection[];
  editable: boolean;
  onCover: (target: CoverTarget) => void;
}) {
  const { t } = useTranslation();
  const wide = useWideScreen();
  if (group.nodes.length === 0) {
    return (
      <Text size="sm" c="dimmed" py="xs">
        {t("planning.pullList.sectionEmpty")}
      </Text>
    );
  }
  if (wide) {
    return (
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing={6} aria-label={group.section.name}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("planning.pullList.item")}</Table.Th>
              <Table.Th w={90}>{t("planning.fields.quantity")}</Table.Th>
              <Table.Th w={90}>{t("planning.pullList.available")}</Table.Th>
              <Table.Th w={120}>{t("planning.pullList.shortage")}</Table.Th>
              <Table.Th w={130}>{t("planning.pullList.progress")}</Table.Th>
              <Table.Th w={150}>
                <VisuallyHidden>{t("common.actions")}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {group.nodes.map((node) => (
              <Table.Tr key={node.line.id} data-line={node.line.id} style={{ backgroundColor: rowBackground(node) }}>
                <Table.Td>
                  <LineTitle node={node} />
                </Table.Td>
                <Table.Td>
                  <QuantityCell line={node.line} editable={editable} />
                </Table.Td>
                <Table.Td>
                  <Availability line={node.line} />
                </Table.Td>
                <Table.Td>{isSubHire(node.line.source) ? null : <ShortageBadge shortage={node.line.shortage} />}</Table.Td>
                <Table.Td>
                  <Progress line={node.line} />
                </Table.Td>
                <Table.Td>
                  {editable ? (
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      <CoverButton line={node.line} onCover={onCover} />
                      <LineMenu node={node} sections={sections} />
                    </Group>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }
  return (
    <Stack gap={6} role="list" aria-label={group.section.name}>
      {group.nodes.map((node) => (
        <Paper
          key={node.line.id}
          role="listitem"
          data-line={node.line.id}
          withBorder
          p="xs"
          style={{ marginInlineStart: Math.min(node.depth, 3) * 12, backgroundColor: rowBackground(node) }}
        >
          <Stack gap={6}>
            <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
              <LineTitle node={{ ...node, depth: 0 }} />
              {editable ? <LineMenu node={node} sections={sections} /> : null}
            </Group>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Group gap="xs" wrap="nowrap">
                <QuantityCell line={node.line} editable={editable} />
                <Text size="xs" c="dimmed">
                  {t("planning.pullList.available")}
                </Text>
                <Availability line={node.line} />
              </Group>
              {isSubHire(node.line.source) ? null : <ShortageBadge shortage={node.line.shortage} />}
            </Group>
            {node.line.picked + node.line.checkedOut + node.line.returned > 0 ? (
              <Group gap={4} wrap="nowrap">
                <Text size="xs" c="dimmed">
                  {t("planning.pullList.progress")}
                </Text>
                <Progress line={node.line} />
              </Group>
            ) : null}
            {editable ? <CoverButton line={node.line} onCover={onCover} fullWidth /> : null}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

function SectionHeader({
  group,
  index,
  count,
  editable,
}: {
  group: SectionGroup;
  index: number;
  count: number;
  editable: boolean;
}) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const refresh = usePullListRefresh();
  const [renaming, setRenaming] = useState<string | undefined>();
  const [removing, setRemoving] = useState(false);
  const update = useMutation(PlanningService.method.updatePullListSection, {
    onSuccess: async () => {
      await refresh();
      setRenaming(undefined);
    },
  });
  const remove = useMutation(PlanningService.method.removePullListSection, {
    onSuccess: async () => {
      await refresh();
      setRemoving(false);
    },
  });
  const { section } = group;
  if (renaming !== undefined) {
    return (
      <form
        noValidate
        onSubmit={(formEvent) => {
          formEvent.preventDefault();
          if (renaming.trim()) update.mutate({ sectionId: section.id, name: renaming.trim(), position: section.position });
        }}
      >
        <Group gap="xs" align="flex-end">
          <TextInput flex={1} label={t("planning.pullList.sectionName")} value={renaming} data-autofocus onChange={(change) => { setRenaming(change.currentTarget.value); }} />
          <Button type="submit" loading={update.isPending}>
            {t("common.save")}
          </Button>
          <Button variant="default" onClick={() => { setRenaming(undefined); }}>
            {t("common.cancel")}
          </Button>
        </Group>
        <ErrorAlert error={update.error} />
      </form>
    );
  }
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap">
      <Group gap="xs" wrap="wrap" style={{ minWidth: 0 }}>
        <Title order={4}>{section.name}</Title>
        <Badge variant="light" color="gray" tt="none">
          {t("planning.pullList.lineCount", { count: group.lines, value: formatNumber(group.lines, locale) })}
        </Badge>
        {group.short > 0 ? (
          <Badge variant="filled" color="red" tt="none">
            {t("planning.pullList.shortLines", { count: group.short, value: formatNumber(group.short, locale) })}
          </Badge>
        ) : null}
      </Group>
      {editable ? (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" aria-label={t("planning.pullList.sectionActions", { name: section.name })}>
              ⋯
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => { setRenaming(section.name); }}>{t("planning.pullList.rename")}</Menu.Item>
            <Menu.Item disabled={index === 0} onClick={() => { update.mutate({ sectionId: section.id, name: section.name, position: Math.max(0, index - 1) }); }}>
              {t("planning.pullList.moveUp")}
            </Menu.Item>
            <Menu.Item disabled={index === count - 1} onClick={() => { update.mutate({ sectionId: section.id, name: section.name, position: index + 1 }); }}>
              {t("planning.pullList.moveDown")}
            </Menu.Item>
            <Menu.Divider />
            <Menu.Item color="red" onClick={() => { setRemoving(true); }}>
              {t("planning.pullList.removeSection")}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      ) : null}
      <AppModal opened={removing} onClose={() => { setRemoving(false); }} title={t("planning.pullList.removeSectionTitle", { name: section.name })} size="sm">
        <Stack gap="sm">
          <Text size="sm">{t("planning.pullList.removeSectionText", { count: group.lines, value: formatNumber(group.lines, locale) })}</Text>
          <ErrorAlert error={remove.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => { setRemoving(false); }}>
              {t("common.cancel")}
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => { remove.mutate({ sectionId: section.id }); }}>
              {t("planning.pullList.removeSection")}
            </Button>
          </Group>
        </Stack>
      </AppModal>
    </Group>
  );
}

function AddSection({ event }: { event: Event }) {
  const { t } = useTranslation();
  const refresh = usePullListRefresh();
  const [name, setName] = useState<string | undefined>();
  const add = useMutation(PlanningService.method.addPullListSection, {
    onSuccess: async () => {
      await refresh();
      setName(undefined);
    },
  });
  if (name === undefined) {
    return (
      <Button variant="default" onClick={() => { setName(""); }}>
        {t("planning.pullList.addSection")}
      </Button>
    );
  }
  return (
    <form
      noValidate
      onSubmit={(formEvent) => {
        formEvent.preventDefault();
        if (name.trim()) add.mutate({ eventId: event.id, name: name.trim() });
      }}
    >
      <Group gap="xs" align="flex-end">
        <TextInput
          label={t("planning.pullList.sectionName")}
          placeholder={t("planning.pullList.sectionPlaceholder")}
          value={name}
          autoFocus
          onChange={(change) => { setName(change.currentTarget.value); }}
        />
        <Button type="submit" loading={add.isPending} disabled={!name.trim()}>
          {t("planning.pullList.addSection")}
        </Button>
        <Button variant="default" onClick={() => { setName(undefined); }}>
          {t("common.cancel")}
        </Button>
      </Group>
      <ErrorAlert error={add.error} />
    </form>
  );
}

/** The pull list with live availability and shortage per line, grouped by section and kit. */
export function PullListEditor({ event }: { event: Event }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const canManage = useCan("planning.manage");
  const canSearch = useCan("inventory.read");
  const editable = canManage && !isLocked(event.status);
  const pullList = useQuery(PlanningService.method.getPullList, { eventId: event.id }, { refetchInterval: 30_000 });
  const [cover, setCover] = useState<CoverTarget | undefined>();
  const sections = pullList.data?.sections ?? [];
  const groups = groupPullList(sections, pullList.data?.lines ?? []);
  const sortedSections = groups.map((group) => group.section);
  const lines = pullList.data?.lines.length ?? 0;
  const short = groups.reduce((total, group) => total + group.short, 0);

  return (
    <Stack gap="md">
      <Group justify="space-between" gap="xs">
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            {t("planning.pullList.summary", { count: lines, value: formatNumber(lines, locale) })}
          </Text>
          {short > 0 ? (
            <Badge color="red" variant="filled" tt="none">
              {t("planning.pullList.shortLines", { count: short, value: formatNumber(short, locale) })}
            </Badge>
          ) : lines > 0 ? (
            <Badge color="green" variant="light" tt="none">
              {t("planning.pullList.allAvailable")}
            </Badge>
          ) : null}
          {pullList.isFetching && !pullList.isPending ? (
            <Text size="xs" c="dimmed">
              {t("planning.pullList.refreshing")}
            </Text>
          ) : null}
        </Group>
        {editable ? <AddSection event={event} /> : null}
      </Group>
      {editable && canSearch ? <AddLineBar event={event} sections={sortedSections} /> : null}
      {isLocked(event.status) ? (
        <Alert color="gray" variant="light">
          {t("planning.pullList.locked")}
        </Alert>
      ) : null}
      <ErrorAlert error={pullList.error} />
      {pullList.isPending ? (
        <CenteredLoader />
      ) : lines === 0 && groups.length <= 1 ? (
        <EmptyState title={t("planning.pullList.empty")}>{editable ? t("planning.pullList.emptyHint") : undefined}</EmptyState>
      ) : (
        groups.map((group, index) => (
          <Paper key={group.section.id} withBorder p="sm" radius="md">
            <Stack gap="xs">
              <SectionHeader group={group} index={index} count={groups.length} editable={editable} />
              <SectionLines group={group} sections={sortedSections} editable={editable} onCover={setCover} />
            </Stack>
          </Paper>
        ))
      )}
      <SubHireModal event={event} target={cover} onClose={() => { setCover(undefined); }} />
    </Stack>
  );
}

// One quote: its versions, the editor of a draft with live totals (the shared
// pricing rules), sending, revising a sent version into the next, accepting
// (confirms the event), comparing versions, and the PDF preview and download.
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { useMutation, useQuery } from "@connectrpc/connect-query";
import { QuoteService, QuoteStatus, type Quote, type QuoteVersion } from "@eventkit/api/eventkit/v1/quote_pb.js";
import { currencyCodes } from "@eventkit/server/domain/currency.js";
import { priceQuote, type QuoteTotals } from "@eventkit/server/domain/pricing.js";
import { ActionIcon, Alert, Button, Group, Paper, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Textarea } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { useCan, useUserFormat } from "../auth/current-user.js";
import { errorReason, reasonMessageKeys, type ErrorReason } from "../errors.js";
import { formatDateTime, formatMoney, formatNumber } from "../format.js";
import { AppLink, CenteredLoader, CodeText } from "../inventory/ui.js";
import { crmPaths } from "../crm/paths.js";
import { statusLabel } from "../planning/labels.js";
import { planningPaths } from "../planning/paths.js";
import { EmptyState } from "../ui/empty-state.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { PageHeader } from "../ui/page-header.js";
import { CompareModal } from "./compare-modal.js";
import { draftFromVersion, draftToProto, newLine, priceInputOf, type EditDraft, type EditLine, type LineKindName, type NumberField } from "./draft.js";
import { PdfModal } from "./pdf-modal.js";
import { TotalsPanel } from "./totals.js";
import { QuoteStatusBadge } from "./ui.js";

const kinds: LineKindName[] = ["EQUIPMENT", "CREW", "TRANSPORT", "FREE"];

/** Live totals of a draft, or the translated reason it cannot be priced. */
function useLiveTotals(draft: EditDraft): { totals: QuoteTotals; discountBp: number } | { error: string; line: number; field: NumberField | "discount" | undefined } {
  const { t } = useTranslation();
  const parsed = priceInputOf(draft);
  if (!parsed.ok) return { error: t("quotes.totals.invalid", { reason: t(`quotes.fields.${parsed.field === "discount" && parsed.line < 0 ? "discount" : parsed.field === "discount" ? "lineDiscount" : parsed.field}`) }), line: parsed.line, field: parsed.field };
  try {
    return { totals: priceQuote(parsed.value), discountBp: parsed.value.discountBp };
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    const key = Object.hasOwn(reasonMessageKeys, code) ? reasonMessageKeys[code as ErrorReason] : "errors.code.invalidArgument";
    const line = Number((error as { metadata?: Record<string, string> }).metadata?.line ?? "0") - 1;
    return { error: t("quotes.totals.invalid", { reason: t(key) }), line, field: undefined };
  }
}

function LinesTable({ lines, currency, editable, amounts, onChange, onRemove, badLine }: {
  lines: EditLine[];
  currency: string;
  editable: boolean;
  amounts: readonly bigint[] | undefined;
  onChange: (index: number, patch: Partial<EditLine>) => void;
  onRemove: (index: number) => void;
  badLine: { line: number; field: NumberField | "discount" | undefined } | undefined;
}) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const cell = (index: number, field: keyof EditLine, label: string, width: number) => {
    const value = lines[index]?.[field] ?? "";
    if (!editable) return <Table.Td style={{ whiteSpace: "nowrap" }}>{value}</Table.Td>;
    const invalid = badLine?.line === index && badLine.field === field;
    return (
      <Table.Td>
        <TextInput
          size="xs"
          w={width}
          value={value}
          error={invalid}
          aria-label={`${label} ${index + 1}`}
          onChange={(e) => { onChange(index, { [field]: e.currentTarget.value }); }}
        />
      </Table.Td>
    );
  };
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped withTableBorder verticalSpacing={4} aria-label={t("quotes.title")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>{t("quotes.fields.section")}</Table.Th>
            <Table.Th>{t("quotes.fields.kind")}</Table.Th>
            <Table.Th>{t("quotes.fields.description")}</Table.Th>
            <Table.Th>{t("quotes.fields.quantity")}</Table.Th>
            <Table.Th>{t("quotes.fields.unit")}</Table.Th>
            <Table.Th>{t("quotes.fields.days")}</Table.Th>
            <Table.Th>{t("quotes.fields.factor")}</Table.Th>
            <Table.Th>{t("quotes.fields.unitPrice")} ({currency})</Table.Th>
            <Table.Th>{t("quotes.fields.lineDiscount")}</Table.Th>
            <Table.Th>{t("quotes.fields.taxRate")}</Table.Th>
            <Table.Th ta="end">{t("quotes.fields.amount")}</Table.Th>
            {editable ? <Table.Th /> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line, index) => (
            <Table.Tr key={line.key || `new-${index}`} data-error={badLine?.line === index || undefined}>
              <Table.Td>{formatNumber(index + 1, locale)}</Table.Td>
              {cell(index, "section", t("quotes.fields.section"), 110)}
              <Table.Td>
                {editable ? (
                  <Select
                    size="xs"
                    w={120}
                    aria-label={`${t("quotes.fields.kind")} ${index + 1}`}
                    data={kinds.map((k) => ({ value: k, label: t(`quotes.kind.${k}`) }))}
                    value={line.kind}
                    allowDeselect={false}
                    onChange={(value) => { if (value) onChange(index, { kind: value }); }}
                  />
                ) : (
                  t(`quotes.kind.${line.kind}`)
                )}
              </Table.Td>
              {cell(index, "description", t("quotes.fields.description"), 220)}
              {cell(index, "quantity", t("quotes.fields.quantity"), 70)}
              {cell(index, "unit", t("quotes.fields.unit"), 50)}
              {cell(index, "days", t("quotes.fields.days"), 55)}
              {cell(index, "factor", t("quotes.fields.factor"), 60)}
              {cell(index, "unitPrice", t("quotes.fields.unitPrice"), 100)}
              {cell(index, "discount", t("quotes.fields.lineDiscount"), 60)}
              {cell(index, "taxRate", t("quotes.fields.taxRate"), 60)}
              <Table.Td ta="end" style={{ whiteSpace: "nowrap" }} data-testid={`amount-${index + 1}`}>
                {amounts?.[index] !== undefined ? formatMoney(amounts[index], currency, locale) : "—"}
              </Table.Td>
              {editable ? (
                <Table.Td>
                  <ActionIcon variant="subtle" color="red" aria-label={t("quotes.actions.remove", { number: index + 1 })} onClick={() => { onRemove(index); }}>
                    ×
                  </ActionIcon>
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A draft version: every field editable, totals live, Save and Send. */
function DraftEditor({ quote, version }: { quote: Quote; version: QuoteVersion }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const [draft, setDraft] = useState<EditDraft>(() => draftFromVersion(version));
  const [dirty, setDirty] = useState(false);
  const live = useLiveTotals(draft);
  const refresh = () => invalidate(QuoteService.method.getQuote, QuoteService.method.listQuotes, QuoteService.method.compareQuoteVersions);
  const save = useMutation(QuoteService.method.updateQuote, { onSuccess: async () => { setDirty(false); await refresh(); } });
  const send = useMutation(QuoteService.method.sendQuote, { onSuccess: refresh });
  const update = (patch: Partial<EditDraft>) => { setDraft((d) => ({ ...d, ...patch })); setDirty(true); };
  const updateLine = (index: number, patch: Partial<EditLine>) => {
    update({ lines: draft.lines.map((l, i) => (i === index ? { ...l, ...patch } : l)) });
  };
  const defaultTax = draft.lines.at(-1)?.taxRate ?? "19";
  const add = (kind: LineKindName) => {
    const section = kind === "CREW" ? t("quotes.kind.CREW") : kind === "TRANSPORT" ? t("quotes.kind.TRANSPORT") : (draft.lines.at(-1)?.section ?? "");
    update({ lines: [...draft.lines, newLine(kind, section, defaultTax)] });
  };
  const parsed = priceInputOf(draft);
  const onSave = () => {
    if (!parsed.ok) return;
    save.mutate({ quoteId: quote.id, version: version.version, revision: version.revision, draft: draftToProto(draft, parsed.value, version) });
  };
  return (
    <Stack gap="md">
      <Paper withBorder p="md" radius="md">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          <Select label={t("quotes.fields.currency")} data={[...currencyCodes]} searchable value={draft.currency} allowDeselect={false} onChange={(v) => { if (v) update({ currency: v }); }} />
          <Select
            label={t("quotes.fields.language")}
            data={["en", "de", "ar"].map((l) => ({ value: l, label: t(`quotes.languages.${l}`) }))}
            value={draft.language}
            allowDeselect={false}
            onChange={(v) => { if (v) update({ language: v }); }}
          />
          <TextInput label={t("quotes.fields.validUntil")} type="date" value={draft.validUntil} onChange={(e) => { update({ validUntil: e.currentTarget.value }); }} />
          <TextInput label={t("quotes.fields.discount")} value={draft.discount} onChange={(e) => { update({ discount: e.currentTarget.value }); }} />
          <Switch mt="lg" label={t("quotes.fields.pricesIncludeTax")} checked={draft.pricesIncludeTax} onChange={(e) => { update({ pricesIncludeTax: e.currentTarget.checked }); }} />
        </SimpleGrid>
        <Textarea mt="sm" label={t("quotes.fields.intro")} autosize minRows={1} value={draft.intro} onChange={(e) => { update({ intro: e.currentTarget.value }); }} />
      </Paper>
      <LinesTable
        lines={draft.lines}
        currency={draft.currency}
        editable
        amounts={"totals" in live ? live.totals.lines.map((l) => l.amountMinor) : undefined}
        onChange={updateLine}
        onRemove={(index) => { update({ lines: draft.lines.filter((_, i) => i !== index) }); }}
        badLine={"error" in live ? live : undefined}
      />
      <Group gap="xs">
        {(["EQUIPMENT", "CREW", "TRANSPORT", "FREE"] as const).map((k) => (
          <Button key={k} size="xs" variant="light" onClick={() => { add(k); }}>
            {t(k === "EQUIPMENT" ? "quotes.actions.addEquipment" : k === "CREW" ? "quotes.actions.addCrew" : k === "TRANSPORT" ? "quotes.actions.addTransport" : "quotes.actions.addLine")}
          </Button>
        ))}
      </Group>
      <Textarea label={t("quotes.fields.terms")} autosize minRows={2} value={draft.terms} onChange={(e) => { update({ terms: e.currentTarget.value }); }} />
      {"error" in live ? (
        <Alert color="red" role="alert">{live.error}</Alert>
      ) : (
        <TotalsPanel totals={live.totals} pricesIncludeTax={draft.pricesIncludeTax} discountBp={live.discountBp} />
      )}
      {save.error ? <ErrorAlert error={save.error} /> : null}
      {send.error ? <ErrorAlert error={send.error} /> : null}
      <Group gap="xs">
        <Button onClick={onSave} loading={save.isPending} disabled={!parsed.ok || !dirty}>
          {t("quotes.actions.save")}
        </Button>
        {dirty ? (
          <Button variant="default" onClick={() => { setDraft(draftFromVersion(version)); setDirty(false); }}>
            {t("quotes.actions.discard")}
          </Button>
        ) : (
          <Button variant="light" loading={send.isPending} onClick={() => { send.mutate({ quoteId: quote.id, version: version.version }); }}>
            {t("quotes.actions.send")}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

/** A frozen version: lines and totals as stored; revise, accept or decline the latest. */
function FrozenVersion({ quote, version }: { quote: Quote; version: QuoteVersion }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const invalidate = useInvalidate();
  const canManage = useCan("quotes.manage");
  const [notice, setNotice] = useState("");
  const draft = draftFromVersion(version);
  const parsed = priceInputOf(draft);
  const totals = parsed.ok ? priceQuote(parsed.value) : undefined;
  const refresh = () => invalidate(QuoteService.method.getQuote, QuoteService.method.listQuotes);
  const revise = useMutation(QuoteService.method.reviseQuote, { onSuccess: refresh });
  const decline = useMutation(QuoteService.method.declineQuote, { onSuccess: refresh });
  const accept = useMutation(QuoteService.method.acceptQuote, {
    onSuccess: async (r) => {
      setNotice(r.shortages.length > 0 ? t("quotes.acceptedShortages", { n: r.shortages.length }) : r.eventId ? t("quotes.accepted", { status: statusLabel(t, r.eventStatus) }) : "");
      await refresh();
    },
  });
  const latest = version.version === quote.latestVersion;
  const sent = version.status === QuoteStatus.SENT;
  const rates = Object.entries(version.exchangeRates?.rates ?? {});
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t("quotes.fields.validUntil")}: {version.validUntil ? formatDateTime(timestampDate(version.validUntil), locale) : "—"}
        {rates.length > 0 ? ` · ${t("quotes.fields.rates", { base: version.exchangeRates?.base ?? "", rates: rates.map(([c, r]) => `${r} ${c}`).join(", ") })}` : ""}
      </Text>
      {version.intro ? <Text style={{ whiteSpace: "pre-wrap" }}>{version.intro}</Text> : null}
      <LinesTable lines={draft.lines} currency={version.currency} editable={false} amounts={version.lines.map((l) => l.amountMinor)} onChange={() => undefined} onRemove={() => undefined} badLine={undefined} />
      {totals ? <TotalsPanel totals={totals} pricesIncludeTax={version.pricesIncludeTax} discountBp={version.discountBp} /> : null}
      {version.terms ? <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>{version.terms}</Text> : null}
      {notice ? <Alert color="green" role="status">{notice}</Alert> : null}
      {[revise.error, accept.error, decline.error].map((e, i) => (e ? <ErrorAlert key={i} error={e} /> : null))}
      {canManage && latest ? (
        <Group gap="xs">
          {version.status !== QuoteStatus.ACCEPTED ? (
            <Button variant="default" loading={revise.isPending} onClick={() => { revise.mutate({ quoteId: quote.id, version: version.version }); }}>
              {t("quotes.actions.revise")}
            </Button>
          ) : null}
          {sent ? (
            <>
              <Button
                color="green"
                loading={accept.isPending}
                onClick={() => {
                  if (!quote.eventId || window.confirm(t("quotes.actions.acceptConfirm", { event: quote.eventNumber, version: version.version }))) {
                    accept.mutate({ quoteId: quote.id, version: version.version });
                  }
                }}
              >
                {t("quotes.actions.accept")}
              </Button>
              <Button color="red" variant="light" loading={decline.isPending} onClick={() => { decline.mutate({ quoteId: quote.id, version: version.version }); }}>
                {t("quotes.actions.decline")}
              </Button>
            </>
          ) : null}
        </Group>
      ) : null}
    </Stack>
  );
}

function QuoteView({ quote, version, onPick }: { quote: Quote; version: QuoteVersion; onPick: (version: number) => void }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const canManage = useCan("quotes.manage");
  const [comparing, setComparing] = useState(false);
  const [pdf, setPdf] = useState(false);
  const versions = Array.from({ length: quote.latestVersion }, (_, i) => i + 1);
  const editable = canManage && version.status === QuoteStatus.DRAFT && version.version === quote.latestVersion;
  return (
    <>
      <PageHeader
        title={t("quotes.quote", { number: quote.number })}
        description={quote.title}
        actions={
          <>
            {quote.latestVersion > 1 ? (
              <Button variant="default" onClick={() => { setComparing(true); }}>
                {t("quotes.actions.compare")}
              </Button>
            ) : null}
            <Button variant="default" onClick={() => { setPdf(true); }}>
              {t("quotes.actions.preview")}
            </Button>
          </>
        }
      />
      <Stack gap="md">
        <Group gap="xs" wrap="wrap">
          <CodeText>{quote.number}</CodeText>
          <QuoteStatusBadge status={version.status} size="lg" />
          <Select
            size="xs"
            w={170}
            aria-label={t("quotes.versionPicker")}
            data={versions.map((v) => ({ value: String(v), label: `${t("quotes.version", { version: formatNumber(v, locale) })}${v === quote.latestVersion ? ` (${t("quotes.latest")})` : ""}` }))}
            value={String(version.version)}
            allowDeselect={false}
            onChange={(v) => { if (v) onPick(Number(v)); }}
          />
        </Group>
        <Group gap="lg" wrap="wrap">
          {quote.companyName ? <Text size="sm">{t("quotes.client")}: <b>{quote.companyName}</b></Text> : null}
          {quote.dealId ? (
            <Text size="sm" component="div">
              {t("quotes.deal")}: <AppLink to={crmPaths.deal(quote.dealId)}>{quote.title}</AppLink>
            </Text>
          ) : null}
          {quote.eventId ? (
            <Text size="sm" component="div">
              {t("quotes.event")}: <AppLink to={planningPaths.event(quote.eventId)}>{`${quote.eventNumber} · ${quote.eventName}`}</AppLink>
            </Text>
          ) : null}
        </Group>
        {editable ? <DraftEditor key={`${version.version}-${version.revision}`} quote={quote} version={version} /> : <FrozenVersion quote={quote} version={version} />}
      </Stack>
      {comparing ? <CompareModal quote={quote} onClose={() => { setComparing(false); }} /> : null}
      {pdf ? <PdfModal quote={quote} version={version.version} onClose={() => { setPdf(false); }} /> : null}
    </>
  );
}

export function QuotePage({ id }: { id: string }) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState(0);
  const result = useQuery(QuoteService.method.getQuote, { quoteId: id, version: picked });
  if (result.isPending) return <CenteredLoader />;
  if (errorReason(result.error) === "QUOTE_NOT_FOUND" || (!result.error && !result.data.quote)) return <EmptyState title={t("quotes.notFound")} />;
  const { quote, version } = result.data ?? {};
  if (result.error || !quote || !version) return <ErrorAlert error={result.error} />;
  return <QuoteView quote={quote} version={version} onPick={(v) => { setPicked(v === quote.latestVersion ? 0 : v); }} />;
}


import { createClient } from "@connectrpc/connect";
import { useTransport } from "@connectrpc/connect-query";
import { InventoryService, TrackingMode, type Case } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { Badge, Group, Paper, SegmentedControl, Stack, Text, TextInput } from "@mantine/core";
import type { TFunction } from "i18next";
import { useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { errorMessage } from "../errors.js";
import { parseCount } from "./numbers.js";

type Mode = "pack" | "unpack";

interface ScanResult {
  id: number;
  code: string;
  ok: boolean;
  message: string;
}

/** A problem found in the browser, already translated. */
class ScanProblem extends Error {}

type Client = ReturnType<typeof createClient<typeof InventoryService>>;

/** Resolves one scanned code and packs it into (or takes it out of) the case. */
async function applyScan(client: Client, t: TFunction, target: Case, code: string, mode: Mode, quantity: number): Promise<string> {
  const resolved = await client.resolveCode({ code });
  const found = resolved.target;
  const pack = mode === "pack";
  switch (found.case) {
    case "asset": {
      const asset = found.value;
      if (pack) await client.packCase({ caseId: target.id, assetIds: [asset.id] });
      else await client.unpackCase({ caseId: target.id, assetIds: [asset.id] });
      return t(pack ? "inventory.scan.packedAsset" : "inventory.scan.unpackedAsset", { tag: asset.tag, name: asset.productName });
    }
    case "case": {
      const inner = found.value;
      if (inner.id === target.id) throw new ScanProblem(t("inventory.scan.thisCase"));
      if (pack) await client.packCase({ caseId: target.id, childCaseIds: [inner.id] });
      else await client.unpackCase({ caseId: target.id, childCaseIds: [inner.id] });
      return t(pack ? "inventory.scan.packedCase" : "inventory.scan.unpackedCase", { code: inner.code, name: inner.name });
    }
    case "product": {
      const product = found.value;
      if (product.tracking === TrackingMode.SERIALIZED) throw new ScanProblem(t("inventory.scan.serializedProduct", { name: product.name }));
      const bulk = [{ productId: product.id, quantity }];
      if (pack) await client.packCase({ caseId: target.id, bulk });
      else await client.unpackCase({ caseId: target.id, bulk });
      return t(pack ? "inventory.scan.packedBulk" : "inventory.scan.unpackedBulk", { count: quantity, name: product.name });
    }
    case "kit":
      throw new ScanProblem(t("inventory.scan.kit", { name: found.value.name }));
    case "location":
      throw new ScanProblem(t("inventory.scan.location", { name: found.value.name }));
    case undefined:
      throw new ScanProblem(t("errors.reason.codeNotFound"));
  }
}

/**
 * A scan field for keyboard-wedge scanners (they type fast and press Enter) and
 * typing: each code is queued and applied in order, the field is cleared at
 * once and keeps the focus, and the results are listed newest first.
 */
export function CaseScanner({ target }: { target: Case }) {
  const { t } = useTranslation();
  const transport = useTransport();
  const client = useMemo(() => createClient(InventoryService, transport), [transport]);
  const invalidate = useInvalidate();
  const input = useRef<HTMLInputElement>(null);
  const queue = useRef<{ code: string; mode: Mode; quantity: number }[]>([]);
  const draining = useRef(false);
  const nextId = useRef(1);
  const [mode, setMode] = useState<Mode>("pack");
  const [quantityText, setQuantityText] = useState("1");
  const [results, setResults] = useState<ScanResult[]>([]);
  const [pending, setPending] = useState(0);
  const quantityId = useId();

  async function drain() {
    if (draining.current) return;
    draining.current = true;
    while (queue.current.length > 0) {
      const scan = queue.current.shift();
      if (!scan) break;
      let result: ScanResult;
      try {
        const message = await applyScan(client, t, target, scan.code, scan.mode, scan.quantity);
        result = { id: nextId.current++, code: scan.code, ok: true, message };
      } catch (error) {
        result = { id: nextId.current++, code: scan.code, ok: false, message: error instanceof ScanProblem ? error.message : errorMessage(t, error) };
      }
      setResults((current) => [result, ...current].slice(0, 20));
      setPending((count) => count - 1);
    }
    draining.current = false;
    await invalidate(InventoryService.method.getCase, InventoryService.method.listAssets, InventoryService.method.getAsset, InventoryService.method.listCases);
    input.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== "Enter") return;
    event.preventDefault();
    const code = event.currentTarget.value.trim();
    event.currentTarget.value = "";
    if (code === "") return;
    queue.current.push({ code, mode, quantity: Math.max(1, parseCount(quantityText) ?? 1) });
    setPending((count) => count + 1);
    void drain();
  }

  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <TextInput
          ref={input}
          label={t("inventory.scan.field")}
          description={t("inventory.scan.fieldHint")}
          placeholder={t("inventory.scan.placeholder")}
          size="lg"
          dir="ltr"
          autoFocus
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          enterKeyHint="go"
          onKeyDown={onKeyDown}
          rightSection={pending > 0 ? <Badge size="sm" variant="light">{pending}</Badge> : null}
          styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
        />
        <Group gap="md" align="center" wrap="wrap">
          <SegmentedControl
            aria-label={t("inventory.scan.mode")}
            color={mode === "unpack" ? "orange" : undefined}
            value={mode}
            onChange={(value) => {
              setMode(value === "unpack" ? "unpack" : "pack");
              input.current?.focus();
            }}
            data={[
              { value: "pack", label: t("inventory.scan.pack") },
              { value: "unpack", label: t("inventory.scan.unpack") },
            ]}
          />
          <Group gap={6} wrap="nowrap">
            <Text size="sm" component="label" htmlFor={quantityId}>
              {t("inventory.scan.bulkQuantity")}
            </Text>
            <TextInput
              id={quantityId}
              w={80}
              size="xs"
              inputMode="numeric"
              dir="ltr"
              value={quantityText}
              onChange={(event) => { setQuantityText(event.currentTarget.value); }}
            />
          </Group>
        </Group>
        <Stack gap={4} role="log" aria-live="polite" aria-label={t("inventory.scan.results")}>
          {results.map((result) => (
            <Group key={result.id} gap="xs" wrap="nowrap" align="flex-start">
              <Badge color={result.ok ? "teal" : "red"} variant="light" tt="none" style={{ flexShrink: 0 }}>
                {result.ok ? t("inventory.scan.ok") : t("inventory.scan.failed")}
              </Badge>
              <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                {result.ok ? null : (
                  <>
                    <Text span ff="monospace" dir="ltr" style={{ unicodeBidi: "isolate" }}>
                      {result.code}
                    </Text>
                    {" — "}
                  </>
                )}
                {result.message}
              </Text>
            </Group>
          ))}
        </Stack>
      </Stack>
    </Paper>
  );
}

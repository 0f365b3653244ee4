import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { useTransport } from "@connectrpc/connect-query";
import {
  GetSessionResponseSchema,
  ScanSessionKind,
  ScanSessionState,
  ScanningService,
  WatchEventKind,
  type ScanSession,
} from "@eventkit/api/eventkit/v1/scanning_pb.js";
import { ActionIcon, Alert, Badge, Box, Button, Group, Paper, SegmentedControl, Stack, Switch, Text, TextInput, Title, Tooltip } from "@mantine/core";
import { useEffect, useMemo, useReducer, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useCan } from "../auth/current-user.js";
import { errorMessage, errorReason } from "../errors.js";
import { AppLink, CenteredLoader } from "../inventory/ui.js";
import { inventoryPaths } from "../inventory/paths.js";
import { planningPaths } from "../planning/paths.js";
import { AppModal } from "../ui/app-modal.js";
import { EmptyState } from "../ui/empty-state.js";
import { CameraModal } from "./camera.js";
import { EndReport } from "./end-report.js";
import { appliedFeedback, isOverridable, kindLabel, refusedFeedback, type Feedback } from "./feedback.js";
import { newScanId } from "./ids.js";
import { scanningPaths } from "./paths.js";
import { LineProgressList, RecentScans, SummaryBar } from "./progress.js";
import { OverridePrompt, QuantityPrompt, type Prompt } from "./prompts.js";
import { QueuePanel } from "./queue-panel.js";
import { ScanQueue, refusalOf, type QueuedScan, type ScanPayload } from "./queue.js";
import { ScanField } from "./scan-field.js";
import { indexedDbScanStorage, loadSessionCache, saveSessionCache } from "./scan-store.js";
import { emptyView, lastUndoable, viewReducer } from "./session-state.js";
import { playFeedback, unlockAudio, type FeedbackKind } from "./sounds.js";

const soundStorageKey = "eventkit.scanning.sound";

const feedbackColors: Record<FeedbackKind, string> = { success: "teal", warning: "orange", error: "red" };

function FeedbackIcon({ kind }: { kind: FeedbackKind }) {
  const path = kind === "success" ? "M5 12l5 5L20 7" : kind === "warning" ? "M12 7v6M12 17h.01" : "M6 6l12 12M18 6L6 18";
  return (
    <svg width="44" height="44" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" aria-hidden>
      <path d={path} />
    </svg>
  );
}

/** The big result panel: colour, icon and words, readable at arm's length. */
function FeedbackPanel({ feedback, idleText }: { feedback: Feedback | undefined; idleText: string }) {
  const color = feedback ? feedbackColors[feedback.kind] : "gray";
  return (
    <Paper
      radius="md"
      p="md"
      mih={104}
      role="status"
      aria-live="assertive"
      aria-atomic
      data-testid="scan-feedback"
      data-kind={feedback?.kind ?? "idle"}
      bg={feedback ? `var(--mantine-color-${color}-filled)` : "var(--mantine-color-default-hover)"}
      c={feedback ? "white" : "dimmed"}
    >
      {feedback ? (
        <Group gap="sm" wrap="nowrap" align="center">
          <Box style={{ flexShrink: 0 }}>
            <FeedbackIcon kind={feedback.kind} />
          </Box>
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Text fw={800} size="xl" lh={1.2}>
              {feedback.title}
            </Text>
            <Text size="md" fw={500} style={{ overflowWrap: "anywhere" }}>
              {feedback.detail}
            </Text>
            <Text size="xs" ff="monospace" dir="ltr" opacity={0.85} style={{ unicodeBidi: "isolate", textAlign: "start" }}>
              {feedback.code}
            </Text>
          </Stack>
        </Group>
      ) : (
        <Text size="lg" ta="center" py="md">
          {idleText}
        </Text>
      )}
    </Paper>
  );
}

function CameraIcon() {
  return (
    <svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
      <path d="M4 8h3l2-3h6l2 3h3v11H4z" />
      <circle cx="12" cy="13" r="3.5" />
    </svg>
  );
}

/** What the session works on, linked where there is a page for it. */
function SessionTarget({ session }: { session: ScanSession }) {
  const parts: ReactNode[] = [];
  if (session.eventId) {
    parts.push(
      <AppLink key="event" to={planningPaths.event(session.eventId)}>
        {session.eventNumber} · {session.eventName}
      </AppLink>,
    );
  }
  if (session.caseId) {
    parts.push(
      <AppLink key="case" to={inventoryPaths.case(session.caseId)}>
        {session.caseCode}
      </AppLink>,
    );
  }
  if (session.locationName) parts.push(<Text key="location" size="sm" span>{session.locationName}</Text>);
  return <Group gap="xs">{parts}</Group>;
}

type Load = { status: "loading" } | { status: "ready"; fromCache: boolean } | { status: "notFound" } | { status: "failed"; error: unknown };

/**
 * The scanning screen of one session. Codes come from a keyboard-wedge
 * scanner, the keyboard or the camera; each is stored on the device first and
 * sent in reading order (see queue.ts), so no scan is lost when the network
 * drops. Progress follows WatchSession, so every device scanning into the
 * session (and the planner's screen) sees the same counts.
 */
export function SessionPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const transport = useTransport();
  const client = useMemo(() => createClient(ScanningService, transport), [transport]);
  const canScan = useCan("scanning.use");
  const canOverride = useCan("scanning.override");
  const [view, dispatch] = useReducer(viewReducer, emptyView);
  const [load, setLoad] = useState<Load>({ status: "loading" });
  const [live, setLive] = useState(false);
  const [feedback, setFeedback] = useState<Feedback | undefined>();
  const [prompts, setPrompts] = useState<Prompt[]>([]);
  const [queueItems, setQueueItems] = useState<readonly QueuedScan[]>([]);
  const [queueOffline, setQueueOffline] = useState(false);
  const [browserOffline, setBrowserOffline] = useState(() => typeof navigator !== "undefined" && !navigator.onLine);
  const [sound, setSound] = useState(() => window.localStorage.getItem(soundStorageKey) !== "off");
  const [damaged, setDamaged] = useState(false);
  const [damageNote, setDamageNote] = useState("");
  const [remove, setRemove] = useState(false);
  const [camera, setCamera] = useState(false);
  const [ending, setEnding] = useState(false);
  const [endBusy, setEndBusy] = useState(false);
  const [endError, setEndError] = useState<unknown>();
  const [undoBusy, setUndoBusy] = useState(false);
  const queueRef = useRef<ScanQueue | undefined>(undefined);
  const lastSequence = useRef(0n);
  const latest = useRef({ t, canOverride, sound });
  latest.current = { t, canOverride, sound };

  const session = view.session;
  const ended = session?.state === ScanSessionState.ENDED;
  const kind = session?.kind ?? ScanSessionKind.UNSPECIFIED;
  const withLines = kind === ScanSessionKind.CHECK_OUT || kind === ScanSessionKind.CHECK_IN;

  function show(next: Feedback): void {
    setFeedback(next);
    playFeedback(next.kind, { sound: latest.current.sound });
  }

  // The session as the server has it; from the device's copy when the network is away.
  useEffect(() => {
    let stopped = false;
    // Read through a function: the flag changes while the requests are under way.
    const isStopped = () => stopped;
    async function fetchSession(): Promise<void> {
      try {
        const response = await client.getSession({ sessionId: id });
        if (isStopped()) return;
        dispatch({ type: "loaded", session: response.session, lines: response.lines, scans: response.scans, missing: response.missing, discrepancies: response.discrepancies });
        setLoad({ status: "ready", fromCache: false });
      } catch (error) {
        if (isStopped()) return;
        if (errorReason(error) === "SESSION_NOT_FOUND") {
          setLoad({ status: "notFound" });
          return;
        }
        const cached = refusalOf(error) === undefined ? await loadSessionCache(id) : undefined;
        if (isStopped()) return;
        if (cached) {
          const response = fromBinary(GetSessionResponseSchema, cached.bytes);
          dispatch({ type: "loaded", session: response.session, lines: response.lines, scans: response.scans, missing: response.missing, discrepancies: response.discrepancies });
          setLoad({ status: "ready", fromCache: true });
        } else {
          setLoad({ status: "failed", error });
        }
      }
    }
    void fetchSession();
    return () => { stopped = true; };
  }, [client, id]);

  // Keep a copy on the device for a reload without network.
  useEffect(() => {
    if (!view.session) return;
    lastSequence.current = view.session.lastSequence;
    const timer = setTimeout(() => {
      const bytes = toBinary(GetSessionResponseSchema, create(GetSessionResponseSchema, { session: view.session, lines: view.lines, scans: view.scans, missing: view.missing, discrepancies: view.discrepancies }));
      void saveSessionCache({ sessionId: id, bytes, savedAt: Date.now() });
    }, 300);
    return () => { clearTimeout(timer); };
  }, [id, view]);

  // The device's queue for this session: scans left from before a reload go out first.
  useEffect(() => {
    const queue = new ScanQueue({
      sessionId: id,
      storage: indexedDbScanStorage,
      send: (payload) => client.scan(payload),
      events: {
        applied: (_scan, response) => {
          dispatch({ type: "changed", scan: response.scan, summary: response.summary, lines: response.replayed ? [] : response.lines });
          if (response.scan) show(appliedFeedback(latest.current.t, response.scan, response.replayed));
        },
        refused: (scan, refusal, isLive) => {
          show(refusedFeedback(latest.current.t, scan.code, refusal));
          if (!isLive) return;
          const payload: ScanPayload = { ...scan };
          if (refusal.reason === "QUANTITY_REQUIRED") setPrompts((list) => [...list, { type: "quantity", payload, refusal, queued: false }]);
          else if (isOverridable(refusal) && latest.current.canOverride) setPrompts((list) => [...list, { type: "override", payload, refusal, queued: false }]);
        },
        changed: () => {
          setQueueItems([...queue.items()]);
          setQueueOffline(queue.isOffline());
        },
      },
    });
    queueRef.current = queue;
    void queue.flush();
    const onOnline = () => {
      setBrowserOffline(false);
      void queue.flush();
    };
    const onOffline = () => { setBrowserOffline(true); };
    window.addEventListener("online", onOnline);
    window.addEventListener("offline", onOffline);
    return () => {
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
      queue.dispose();
      queueRef.current = undefined;
    };
  }, [client, id]);

  // Live progress: reconnects after a dropped stream with what it missed.
  const loaded = load.status === "ready";
  useEffect(() => {
    if (!loaded || ended) return;
    const abort = new AbortController();
    const aborted = () => abort.signal.aborted;
    async function watch(): Promise<void> {
      let attempt = 0;
      while (!abort.signal.aborted) {
        try {
          for await (const event of client.watchSession({ sessionId: id, afterSequence: lastSequence.current }, { signal: abort.signal })) {
            attempt = 0;
            setLive(true);
            dispatch({ type: "watch", event });
            if (event.kind === WatchEventKind.ENDED) return;
          }
        } catch (error) {
          // The server's answer (no access, no such session, not served): retrying will not change it.
          if (aborted() || refusalOf(error) !== undefined) {
            setLive(false);
            return;
          }
        }
        setLive(false);
        const delay = Math.min(15_000, 1000 * 2 ** attempt);
        attempt += 1;
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            window.removeEventListener("online", done);
            abort.signal.removeEventListener("abort", done);
            resolve();
          };
          const timer = setTimeout(done, delay);
          window.addEventListener("online", done);
          abort.signal.addEventListener("abort", done);
        });
      }
    }
    void watch();
    return () => {
      abort.abort();
      setLive(false);
    };
  }, [client, id, loaded, ended]);

  async function onScan(code: string): Promise<void> {
    unlockAudio();
    const queue = queueRef.current;
    if (!queue) return;
    const payload: ScanPayload = {
      sessionId: id,
      scanId: newScanId(),
      code,
      quantity: 0,
      override: false,
      overrideNote: "",
      damaged: kind === ScanSessionKind.CHECK_IN && damaged,
      damageNote: kind === ScanSessionKind.CHECK_IN && damaged ? damageNote.trim() : "",
      remove: kind === ScanSessionKind.CASE_PACKING && remove,
    };
    // The damage flag is for one item.
    if (damaged) {
      setDamaged(false);
      setDamageNote("");
    }
    await queue.enqueue(payload);
    if (queue.items().some((scan) => scan.scanId === payload.scanId && scan.state === "pending")) {
      show({ kind: "warning", title: t("scanning.feedback.queued"), detail: t("scanning.feedback.queuedDetail"), code });
    }
  }

  function answer(prompt: Prompt, changes: Partial<Pick<ScanPayload, "quantity" | "override" | "overrideNote">>): void {
    setPrompts((list) => list.slice(1));
    const queue = queueRef.current;
    if (!queue) return;
    if (prompt.queued) void queue.retry(prompt.payload.scanId, changes);
    else void queue.resend({ ...prompt.payload, ...changes });
  }

  async function undo(): Promise<void> {
    const last = lastUndoable(view);
    setUndoBusy(true);
    try {
      const response = await client.undoLastScan({ sessionId: id, scanId: last?.scanId ?? "" });
      dispatch({ type: "changed", scan: response.scan, summary: response.summary, lines: response.lines });
      show({ kind: "warning", title: t("scanning.feedback.undone"), detail: response.scan?.title ?? "", code: response.scan?.code ?? "" });
    } catch (error) {
      const refusal = refusalOf(error);
      show(refusal ? refusedFeedback(t, last?.code ?? "", refusal) : { kind: "error", title: t("scanning.feedback.undoFailed"), detail: t("scanning.feedback.noNetwork"), code: last?.code ?? "" });
    } finally {
      setUndoBusy(false);
    }
  }

  async function end(): Promise<void> {
    setEndBusy(true);
    setEndError(undefined);
    try {
      const response = await client.endSession({ sessionId: id });
      dispatch({ type: "ended", session: response.session, lines: response.lines, missing: response.missing, discrepancies: response.discrepancies });
      setEnding(false);
    } catch (error) {
      setEndError(error);
    } finally {
      setEndBusy(false);
    }
  }

  if (load.status === "loading") return <CenteredLoader />;
  if (load.status === "notFound") {
    return (
      <EmptyState title={t("scanning.session.notFound")}>
        <AppLink to={scanningPaths.start}>{t("scanning.session.backToStart")}</AppLink>
      </EmptyState>
    );
  }

  const offline = browserOffline || queueOffline || (load.status === "ready" && load.fromCache && !live);
  const pending = queueItems.filter((scan) => scan.state === "pending").length;
  const prompt = prompts[0];
  const last = lastUndoable(view);
  const open = !ended;

  return (
    <Stack gap="sm" maw={760} mx="auto">
      <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Title order={2}>{session ? kindLabel(t, session.kind) : t("scanning.session.title")}</Title>
          {session ? <SessionTarget session={session} /> : null}
        </Stack>
        <Group gap={6}>
          {ended ? (
            <Badge color="gray" size="lg" tt="none">{t("scanning.session.ended")}</Badge>
          ) : offline ? (
            <Badge color="red" size="lg" tt="none" data-testid="network-state">{t("scanning.session.offline")}</Badge>
          ) : (
            <Badge color={live ? "teal" : "gray"} variant={live ? "filled" : "light"} size="lg" tt="none" data-testid="network-state">
              {live ? t("scanning.session.live") : t("scanning.session.connecting")}
            </Badge>
          )}
        </Group>
      </Group>

      {load.status === "failed" ? (
        <Alert color="orange" variant="light">{t("scanning.session.loadFailed", { message: errorMessage(t, load.error) })}</Alert>
      ) : null}

      {open && canScan ? (
        <>
          <FeedbackPanel feedback={feedback} idleText={t("scanning.feedback.idle")} />
          <ScanField
            label={t("scanning.field.label")}
            suspended={prompt !== undefined || camera || ending}
            onScan={(code) => { void onScan(code); }}
            rightSection={
              <Tooltip label={t("scanning.camera.open")}>
                <ActionIcon variant="subtle" size="lg" aria-label={t("scanning.camera.open")} onClick={() => { setCamera(true); }}>
                  <CameraIcon />
                </ActionIcon>
              </Tooltip>
            }
          />
          <Group gap="sm" wrap="wrap" align="center">
            {kind === ScanSessionKind.CASE_PACKING ? (
              <SegmentedControl
                aria-label={t("scanning.options.packMode")}
                color={remove ? "orange" : undefined}
                value={remove ? "remove" : "add"}
                onChange={(value) => { setRemove(value === "remove"); }}
                data={[
                  { value: "add", label: t("scanning.options.pack") },
                  { value: "remove", label: t("scanning.options.unpack") },
                ]}
              />
            ) : null}
            {kind === ScanSessionKind.CHECK_IN ? (
              <Switch color="orange" checked={damaged} onChange={(event) => { setDamaged(event.currentTarget.checked); }} label={t("scanning.options.damaged")} />
            ) : null}
            <Switch
              checked={sound}
              onChange={(event) => {
                const on = event.currentTarget.checked;
                setSound(on);
                window.localStorage.setItem(soundStorageKey, on ? "on" : "off");
              }}
              label={t("scanning.options.sound")}
            />
            <Button variant="default" loading={undoBusy} disabled={!last || offline} onClick={() => { void undo(); }}>
              {t("scanning.undo")}
            </Button>
          </Group>
          {kind === ScanSessionKind.CHECK_IN && damaged ? (
            <TextInput label={t("scanning.options.damageNote")} value={damageNote} maxLength={500} onChange={(event) => { setDamageNote(event.currentTarget.value); }} />
          ) : null}
        </>
      ) : null}

      <QueuePanel
        items={queueItems}
        offline={offline}
        canOverride={canOverride}
        onQuantity={(scan, refusal) => { setPrompts((list) => [...list, { type: "quantity", payload: scan, refusal, queued: true }]); }}
        onOverride={(scan, refusal) => { setPrompts((list) => [...list, { type: "override", payload: scan, refusal, queued: true }]); }}
        onDismiss={(scan) => { void queueRef.current?.dismiss(scan.scanId); }}
      />

      {session ? <SummaryBar summary={session.summary} withRequired={withLines} /> : null}
      {ended ? (
        <EndReport session={session} missing={view.missing} discrepancies={view.discrepancies} onDiscrepancies={(discrepancies) => { dispatch({ type: "ended", session, lines: [], missing: view.missing, discrepancies }); }} />
      ) : null}
      {withLines ? <LineProgressList lines={view.lines} checkIn={kind === ScanSessionKind.CHECK_IN} /> : null}

      <Paper withBorder p="sm" radius="md">
        <Stack gap="xs">
          <Text fw={500}>{t("scanning.recent.title")}</Text>
          {view.scans.length > 0 ? <RecentScans scans={view.scans} /> : <Text size="sm" c="dimmed">{t("scanning.recent.none")}</Text>}
        </Stack>
      </Paper>

      {open && canScan && session ? (
        <Group justify="flex-end">
          <Button color="red" variant="light" onClick={() => { setEnding(true); }}>
            {t("scanning.end.button")}
          </Button>
        </Group>
      ) : null}

      {session && ending ? (
        <AppModal opened onClose={() => { setEnding(false); }} title={t("scanning.end.confirmTitle")} size="sm">
          <Stack gap="md">
            <Text>{t(`scanning.end.confirm.${session.kind === ScanSessionKind.CHECK_IN ? "checkIn" : session.kind === ScanSessionKind.STOCKTAKE ? "stocktake" : "other"}`)}</Text>
            {pending > 0 ? <Alert color="orange" variant="light">{t("scanning.end.pendingScans", { count: pending })}</Alert> : null}
            {endError ? <Text c="red" size="sm" role="alert">{errorMessage(t, endError)}</Text> : null}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={() => { setEnding(false); }}>{t("common.cancel")}</Button>
              <Button color="red" loading={endBusy} disabled={pending > 0} onClick={() => { void end(); }}>{t("scanning.end.submit")}</Button>
            </Group>
          </Stack>
        </AppModal>
      ) : null}

      {prompt?.type === "quantity" ? (
        <QuantityPrompt key={prompt.payload.scanId} prompt={prompt} onCancel={() => { setPrompts((list) => list.slice(1)); }} onAnswer={(quantity) => { answer(prompt, { quantity }); }} />
      ) : null}
      {prompt?.type === "override" ? (
        <OverridePrompt key={prompt.payload.scanId} prompt={prompt} onCancel={() => { setPrompts((list) => list.slice(1)); }} onAnswer={(note) => { answer(prompt, { override: true, overrideNote: note }); }} />
      ) : null}
      <CameraModal
        opened={camera && prompt === undefined}
        onClose={() => { setCamera(false); }}
        onScan={(code) => { void onScan(code); }}
        lastResult={feedback ? `${feedback.title} · ${feedback.detail}` : ""}
      />
    </Stack>
  );
}

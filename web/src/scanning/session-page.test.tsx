import { IDBFactory } from "fake-indexeddb";
import "fake-indexeddb/auto";
import { configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeScanDb } from "./scan-store.js";
import { FakeScanServer, renderScanning, sids } from "./test-support.js";

// Each test renders the whole app; on a busy machine an answer can take longer than the default second.
configure({ asyncUtilTimeout: 5000 });

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

afterEach(async () => {
  await closeScanDb();
});

/** A code as a keyboard-wedge scanner sends it: the characters, then Enter. */
function scan(field: HTMLInputElement, code: string): void {
  fireEvent.change(field, { target: { value: code } });
  fireEvent.keyDown(field, { key: "Enter" });
}

async function scanField(): Promise<HTMLInputElement> {
  const field = await screen.findByRole<HTMLInputElement>("textbox", { name: "Scan or type a code" });
  await waitFor(() => { expect(document.activeElement).toBe(field); });
  return field;
}

function lineCount(title: string): string {
  const list = screen.getByRole("list", { name: "Pull list progress" });
  return within(within(list).getByRole("listitem", { name: title })).getByTestId("line-count").textContent;
}

async function feedback(kind: string, text: string): Promise<void> {
  await waitFor(() => {
    const panel = screen.getByTestId("scan-feedback");
    expect(panel.dataset.kind).toBe(kind);
    expect(panel.textContent).toContain(text);
  });
}

describe("the scanning screen", { timeout: 30_000 }, () => {
  it("takes codes from a wedge scanner, clears the field at once, keeps the focus and counts each line", async () => {
    const server = new FakeScanServer();
    renderScanning({ server });
    const field = await scanField();
    expect(await screen.findByRole("heading", { name: "Check-out" })).toBeTruthy();
    expect(lineCount("Moving head spot")).toBe("0 / 4");
    for (const code of ["MH-0001", "MH-0002", "MH-0003"]) {
      scan(field, code);
      expect(field.value).toBe("");
    }
    await waitFor(() => { expect(lineCount("Moving head spot")).toBe("3 / 4"); });
    expect(server.applied.map((request) => request.code)).toEqual(["MH-0001", "MH-0002", "MH-0003"]);
    await feedback("success", "MH-0003 · Moving head spot");
    expect(screen.getByTestId("summary-done").textContent).toBe("3 of 34");
    expect(document.activeElement).toBe(field);
  });

  it("leads keystrokes that land outside the field (after a click on a button) into it", async () => {
    const server = new FakeScanServer();
    renderScanning({ server });
    const field = await scanField();
    const sound = screen.getByRole("switch", { name: "Sound" });
    sound.focus();
    // The first keystroke lands on the switch; the field takes it and the focus, so the rest is typed into it.
    fireEvent.keyDown(sound, { key: "M" });
    expect(field.value).toBe("M");
    expect(document.activeElement).toBe(field);
    fireEvent.change(field, { target: { value: "MH-0004" } });
    fireEvent.keyDown(field, { key: "Enter" });
    await waitFor(() => { expect(lineCount("Moving head spot")).toBe("1 / 4"); });
  });

  it("asks for the quantity of a bulk item and sends the scan again under the same scan id", async () => {
    const server = new FakeScanServer();
    renderScanning({ server });
    const field = await scanField();
    scan(field, "XLR-10");
    const dialog = await screen.findByRole("dialog", { name: "How many?" });
    expect(within(dialog).getByText("XLR cable 10 m")).toBeTruthy();
    fireEvent.change(within(dialog).getByRole("textbox", { name: "Quantity" }), { target: { value: "12" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Add" }));
    await waitFor(() => { expect(lineCount("XLR cable 10 m")).toBe("12 / 30"); });
    await feedback("success", "Checked out × 12");
    expect(server.received).toEqual(["XLR-10", "XLR-10"]);
    expect(server.applied).toHaveLength(1);
    // The scan field has the keyboard again.
    await waitFor(() => { expect(document.activeElement).toBe(field); });
  });

  it("offers an override to a user holding scanning.override, and records the note", async () => {
    const server = new FakeScanServer();
    renderScanning({ server, permissions: ["scanning.read", "scanning.use", "scanning.override"] });
    const field = await scanField();
    scan(field, "WRONG-1");
    await feedback("error", "Fog machine is not on this event's pull list.");
    const dialog = await screen.findByRole("dialog", { name: "Refused — accept anyway?" });
    fireEvent.change(within(dialog).getByRole("textbox", { name: "Why (kept with the scan)" }), { target: { value: "spare for the client" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Accept anyway" }));
    await feedback("warning", "Accepted with override: WRONG-1 · Fog machine");
    expect(server.applied[0]).toMatchObject({ code: "WRONG-1", override: true, overrideNote: "spare for the client" });
  });

  it("refuses a wrong item with its translated reason, and no override without the permission", async () => {
    const server = new FakeScanServer();
    renderScanning({ server, language: "de" });
    const field = await screen.findByRole<HTMLInputElement>("textbox", { name: "Code scannen oder eingeben" });
    scan(field, "OUT-1");
    await feedback("error", "OUT-1 ist bereits ausgecheckt. Erst einchecken.");
    scan(field, "WRONG-1");
    await feedback("error", "Fog machine steht nicht auf der Packliste dieser Veranstaltung.");
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(server.applied).toEqual([]);
  });

  it("queues scans while the network is away, shows them, and sends them in order when it returns", async () => {
    const server = new FakeScanServer();
    renderScanning({ server });
    const field = await scanField();
    scan(field, "MH-0001");
    await waitFor(() => { expect(lineCount("Moving head spot")).toBe("1 / 4"); });

    server.online = false;
    scan(field, "MH-0002");
    await feedback("warning", "Saved on this device");
    scan(field, "WRONG-1");
    scan(field, "MH-0003");
    const queue = await screen.findByRole("region", { name: "Scans on this device" });
    await waitFor(() => { expect(within(queue).getByTestId("queue-count").textContent).toBe("3 scans waiting for the network"); });
    expect(within(within(queue).getByRole("list", { name: "Queued scans" })).getAllByRole("listitem").map((item) => item.textContent)).toEqual(["MH-0002", "WRONG-1", "MH-0003"]);
    expect(screen.getByTestId("network-state").textContent).toBe("Offline");

    server.online = true;
    window.dispatchEvent(new Event("online"));
    await waitFor(() => { expect(lineCount("Moving head spot")).toBe("3 / 4"); });
    expect(server.received).toEqual(["MH-0001", "MH-0002", "WRONG-1", "MH-0003"]);
    // The refused replay stays visible and did not hold back MH-0003.
    const refused = await screen.findByRole("region", { name: "Refused after reconnecting" });
    expect(refused.textContent).toContain("Fog machine is not on this event's pull list.");
    await waitFor(() => { expect(screen.queryByRole("region", { name: "Scans on this device" })).toBeNull(); });
    fireEvent.click(within(refused).getByRole("button", { name: "Dismiss" }));
    await waitFor(() => { expect(screen.queryByRole("region", { name: "Refused after reconnecting" })).toBeNull(); });
  });

  it("shows a scan made on another device as it happens", async () => {
    const server = new FakeScanServer();
    renderScanning({ server });
    await scanField();
    await waitFor(() => { expect(screen.getByTestId("network-state").textContent).toBe("Live"); });
    server.scanElsewhere("MH-0006", "11111111-2222-4333-8444-555555555555");
    await waitFor(() => { expect(lineCount("Moving head spot")).toBe("1 / 4"); });
    expect(within(screen.getByRole("log", { name: "Scans" })).getByText("MH-0006 · Moving head spot")).toBeTruthy();
  });

  it("undoes the last scan", async () => {
    const server = new FakeScanServer();
    renderScanning({ server });
    const field = await scanField();
    scan(field, "MH-0001");
    scan(field, "MH-0002");
    await waitFor(() => { expect(lineCount("Moving head spot")).toBe("2 / 4"); });
    fireEvent.click(screen.getByRole("button", { name: "Undo last scan" }));
    await feedback("warning", "Undone");
    await waitFor(() => { expect(lineCount("Moving head spot")).toBe("1 / 4"); });
    await waitFor(() => { expect(document.activeElement).toBe(field); });
  });

  it("ends the session with what is not checked out, and offers the reports", async () => {
    const server = new FakeScanServer();
    renderScanning({ server });
    const field = await scanField();
    for (const code of ["MH-0001", "MH-0002", "MH-0003", "MH-0004"]) scan(field, code);
    await waitFor(() => { expect(lineCount("Moving head spot")).toBe("4 / 4"); });
    fireEvent.click(screen.getByRole("button", { name: "End session" }));
    const dialog = await screen.findByRole("dialog", { name: "End this session?" });
    const submit = within(dialog).getByRole<HTMLButtonElement>("button", { name: "End session" });
    // Ending waits until the device has sent every scan.
    await waitFor(() => { expect(submit.disabled).toBe(false); });
    fireEvent.click(submit);
    const report = await screen.findByRole("region", { name: "Session ended" });
    const open = within(report).getByRole("list", { name: "Not checked out" });
    expect(within(open).getAllByRole("listitem").map((item) => item.textContent)).toEqual(["XLR cable 10 m30"]);
    expect(within(report).getByRole("button", { name: "Report (PDF)" })).toBeTruthy();
    expect(within(report).getByRole("button", { name: "Report (CSV)" })).toBeTruthy();
    expect(screen.queryByRole("textbox", { name: "Scan or type a code" })).toBeNull();
  });

  it("works right-to-left in Arabic on a phone-sized screen", async () => {
    const server = new FakeScanServer();
    renderScanning({ server, language: "ar" });
    const field = await screen.findByRole<HTMLInputElement>("textbox", { name: "امسح رمزًا أو اكتبه" });
    expect(document.documentElement.getAttribute("dir")).toBe("rtl");
    // Codes stay left-to-right inside the right-to-left page.
    expect(field.closest("[dir]")?.getAttribute("dir")).toBe("ltr");
    scan(field, "MH-0001");
    await feedback("success", "تم الإخراج");
    expect(screen.getByRole("list", { name: "تقدم قائمة المعدات" })).toBeTruthy();
  });
});

describe("the start screen", { timeout: 30_000 }, () => {
  it("opens a check-out session for the event named in the address", async () => {
    const server = new FakeScanServer();
    const started: string[] = [];
    const handlers = server.handlers();
    server.handlers = () => ({
      ...handlers,
      listSessions: () => ({ sessions: [] }),
      startSession: (request) => {
        started.push(`${request.kind}:${request.eventId}:${request.requestId.length}`);
        return { session: server.session, lines: server.lines };
      },
    });
    renderScanning({
      server,
      path: `/scanning?kind=check-out&event=${sids.event}`,
      planning: {
        getEvent: () => ({ event: { id: sids.event, number: "EV-0042", name: "Summer Festival" } }),
      },
    });
    const start = await screen.findByRole("button", { name: "Start scanning" });
    await waitFor(() => { expect((start as HTMLButtonElement).disabled).toBe(false); });
    fireEvent.click(start);
    await screen.findByRole("textbox", { name: "Scan or type a code" });
    expect(started).toEqual([`1:${sids.event}:36`]);
    expect(window.location.pathname).toBe(`/scanning/sessions/${sids.session}`);
  });
});

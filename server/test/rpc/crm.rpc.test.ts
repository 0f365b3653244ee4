// CRMService through real clients: every RPC's happy path (companies, contacts,
// search, activities, tasks, pipeline, deals, the deal's event seen from the
// planning API), and bad input with its { code, reason } — never Internal.
import { randomUUID } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { createClient, type Client } from "@connectrpc/connect";
import { TimeRangeSchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import { ActivityKind, AddressKind, CompanyRole, CrmHitKind, CRMService, PipelineStageKind, type PipelineStage } from "@eventkit/api/eventkit/v1/crm_pb.js";
import { EventStatus, PhaseKind, PlanningService } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEmail, adminPassword } from "../support/auth.js";
import { failure } from "../support/errors.js";
import { at } from "../support/planning-factories.js";
import { authClient, startTestServer, transport, type ProtocolName, type TestServer } from "../support/server.js";

let server: TestServer;
let token: string;
let salesToken: string;

beforeAll(async () => {
  server = await startTestServer();
  token = (await authClient(server.url).login({ email: adminEmail, password: adminPassword })).tokens?.accessToken ?? "";
  const admin = authClient(server.url, "connect-json-h1", token);
  const role = (await admin.listRoles({})).roles.find((r) => r.key === "sales");
  if (!role) throw new Error("no sales role");
  await admin.createUser({ email: "sales@example.com", displayName: "Sam Sales", roleIds: [role.id], password: "a-long-password-1" });
  salesToken = (await authClient(server.url).login({ email: "sales@example.com", password: "a-long-password-1" })).tokens?.accessToken ?? "";
});
afterAll(async () => {
  await server.close();
});

const testedProtocols: ProtocolName[] = ["connect-json-h1", "grpc", "grpc-web-h2"];

const show = (from: number, to: number, name = "Show") => ({
  name,
  timeZone: "Europe/Berlin",
  phases: [{ kind: PhaseKind.SHOW, period: create(TimeRangeSchema, { start: timestampFromDate(at(from)), end: timestampFromDate(at(to)) }), label: "" }],
});

describe.each(testedProtocols)("over %s", (protocol) => {
  let crm: Client<typeof CRMService>;
  let planning: Client<typeof PlanningService>;
  let stages: PipelineStage[];
  const unique = () => randomUUID().slice(0, 8);
  beforeAll(async () => {
    crm = createClient(CRMService, transport(server.url, protocol, token));
    planning = createClient(PlanningService, transport(server.url, protocol, token));
    stages = (await crm.listPipelineStages({})).stages;
  });
  const stage = (kind: PipelineStageKind, name?: string) => {
    const s = stages.find((x) => x.kind === kind && (name === undefined || x.name === name));
    if (!s) throw new Error("no such stage");
    return s;
  };

  async function newCompany(name = `Company ${unique()}`, email = "") {
    const { company } = await crm.createCompany({ company: { name, roles: [CompanyRole.CLIENT], email } });
    if (!company) throw new Error("not created");
    return company;
  }

  it("companies and contacts: create, duplicates, get, update, list, search", async () => {
    const name = `Nordlicht Events ${unique()}`;
    const company = await newCompany(name, `office-${unique()}@nordlicht.example`);
    const dup = await crm.createCompany({ company: { name: name.toUpperCase(), roles: [CompanyRole.SUPPLIER] } });
    expect(dup.company).toBeUndefined();
    expect(dup.duplicates.map((d) => d.id)).toEqual([company.id]);
    const anyway = await crm.createCompany({ company: { name, roles: [CompanyRole.SUPPLIER] }, allowDuplicate: true });
    expect(anyway.company?.id).toBeDefined();

    const { contact } = await crm.createContact({ companyId: company.id, contact: { name: "Lea Sommer", email: `lea-${unique()}@nordlicht.example`, role: "Producer" } });
    if (!contact) throw new Error("no contact");
    const updated = await crm.updateCompany({
      companyId: company.id,
      version: company.version,
      company: { name, roles: [CompanyRole.CLIENT, CompanyRole.PARTNER], tags: ["festival"], addresses: [{ kind: AddressKind.BILLING, city: "Hamburg", country: "DE" }] },
    });
    expect(updated.company).toMatchObject({ roles: [CompanyRole.CLIENT, CompanyRole.PARTNER], tags: ["festival"], version: 2n });
    const detail = await crm.getCompany({ companyId: company.id });
    expect(detail.contacts.map((c) => c.name)).toEqual(["Lea Sommer"]);
    expect(detail.company?.addresses[0]).toMatchObject({ kind: AddressKind.BILLING, city: "Hamburg", country: "DE" });
    expect((await crm.updateContact({ contactId: contact.id, version: contact.version, contact: { name: "Lea Sommer-Berg" } })).contact?.version).toBe(2n);
    expect((await crm.getContact({ contactId: contact.id })).contact?.companyName).toBe(name);
    expect((await crm.listContacts({ companyId: company.id })).contacts).toHaveLength(1);
    expect((await crm.listCompanies({ query: name, role: CompanyRole.PARTNER })).companies.map((c) => c.id)).toEqual([company.id]);

    // A typo; each protocol's run adds one Lea, so look for this one among the hits.
    const hits = (await crm.searchCRM({ query: "Somer-Berg", limit: 10 })).hits;
    expect(hits.find((h) => h.id === contact.id)).toMatchObject({ kind: CrmHitKind.CONTACT, id: contact.id, companyId: company.id });
  });

  it("activities and tasks", async () => {
    const company = await newCompany();
    await crm.addActivity({ kind: ActivityKind.CALL, companyId: company.id, subject: "Asked for a quote" });
    const { activity: task } = await crm.addActivity({ kind: ActivityKind.TASK, companyId: company.id, subject: "Send quote", dueAt: timestampFromDate(at(2)), requestId: randomUUID() });
    if (!task) throw new Error("no task");
    const timeline = await crm.listActivities({ companyId: company.id });
    expect(timeline.activities.map((a) => a.subject).sort()).toEqual(["Asked for a quote", "Send quote"]);
    expect((await crm.listTasks({ dueBefore: timestampFromDate(at(3)) })).tasks.map((t) => t.id)).toContain(task.id);
    expect((await crm.completeTask({ activityId: task.id, done: true })).activity?.doneAt).toBeDefined();
    expect((await crm.listTasks({})).tasks.map((t) => t.id)).not.toContain(task.id);
  });

  it("pipeline stages and deals: create, move (logged), lose, win, create the event", async () => {
    const added = (await crm.createPipelineStage({ name: `Visit ${unique()}`, position: 35, winProbability: 60 })).stage;
    if (!added) throw new Error("no stage");
    expect((await crm.updatePipelineStage({ stageId: added.id, version: added.version, name: added.name, position: 36, winProbability: 65 })).stage?.winProbability).toBe(65);
    await crm.deletePipelineStage({ stageId: added.id });
    expect((await crm.listPipelineStages({})).stages.map((s) => s.id)).not.toContain(added.id);

    const company = await newCompany();
    const { contact } = await crm.createContact({ companyId: company.id, contact: { name: `Max ${unique()}` } });
    const { deal } = await crm.createDeal({ deal: { title: "Gala 2031", companyId: company.id, contactId: contact?.id, value: { amountMinor: 4_500_000n, currency: "EUR" }, expectedCloseDate: "2031-04-30" } });
    if (!deal) throw new Error("no deal");
    expect(deal).toMatchObject({ stageKind: PipelineStageKind.OPEN, value: { amountMinor: 4_500_000n, currency: "EUR" }, expectedCloseDate: "2031-04-30" });
    const lost = await failure(crm.moveDeal({ dealId: deal.id, version: deal.version, stageId: stage(PipelineStageKind.LOST).id }));
    expect(lost).toMatchObject({ code: "InvalidArgument", reason: "LOST_REASON_REQUIRED" });
    const moved = (await crm.moveDeal({ dealId: deal.id, version: deal.version, stageId: stage(PipelineStageKind.OPEN, "Proposal").id })).deal;
    const won = (await crm.moveDeal({ dealId: deal.id, version: moved?.version ?? 0n, stageId: stage(PipelineStageKind.WON).id })).deal;
    expect(won).toMatchObject({ stageKind: PipelineStageKind.WON });
    expect(won?.closedAt).toBeDefined();
    const updated = (await crm.updateDeal({ dealId: deal.id, version: won?.version ?? 0n, deal: { title: "Gala 2031 (main hall)", companyId: company.id, contactId: contact?.id, value: { amountMinor: 5_000_000n, currency: "EUR" } } })).deal;
    expect(updated).toMatchObject({ title: "Gala 2031 (main hall)", expectedCloseDate: "" });
    const log = (await crm.getDeal({ dealId: deal.id })).stageChanges.map((c) => c.toStageName);
    expect(log).toEqual(["Lead", "Proposal", "Won"]);

    const created = await crm.createEventFromDeal({ dealId: deal.id, event: show(10, 11, "Gala 2031 (main hall)") });
    expect(created.deal?.eventId).toBe(created.event?.id);
    const event = (await planning.getEvent({ eventId: created.event?.id ?? "" })).event;
    expect(event).toMatchObject({ name: "Gala 2031 (main hall)", status: EventStatus.ENQUIRY, clientId: company.id, contactId: contact?.id, contactName: contact?.name });
    expect((await crm.listDeals({ companyId: company.id })).deals.map((d) => d.eventNumber)).toEqual([event?.number]);
  });

  it("refuses bad input with the right code and reason", async () => {
    const company = await newCompany();
    const other = await newCompany();
    const { contact: stranger } = await crm.createContact({ companyId: other.id, contact: { name: "Stranger" } });
    const deal = (value: { amountMinor: bigint; currency: string }, o: object = {}) => crm.createDeal({ deal: { title: "X", companyId: company.id, value, ...o } });
    expect(await failure(deal({ amountMinor: 100n, currency: "XYZ" }))).toMatchObject({ code: "InvalidArgument", reason: "UNKNOWN_CURRENCY" });
    expect(await failure(deal({ amountMinor: 100n, currency: "euro" }))).toMatchObject({ code: "InvalidArgument", reason: "VALIDATION_FAILED" });
    expect(await failure(deal({ amountMinor: -1n, currency: "EUR" }))).toMatchObject({ code: "InvalidArgument", reason: "INVALID_VALUE" });
    expect(await failure(deal({ amountMinor: 1n, currency: "EUR" }, { expectedCloseDate: "2031-02-30" }))).toMatchObject({ code: "InvalidArgument", reason: "INVALID_DATE" });
    expect(await failure(deal({ amountMinor: 1n, currency: "EUR" }, { contactId: stranger?.id }))).toMatchObject({ code: "InvalidArgument", reason: "CONTACT_NOT_OF_COMPANY" });
    expect(await failure(crm.createDeal({ deal: { title: "X", companyId: randomUUID(), value: { amountMinor: 1n, currency: "EUR" } } }))).toMatchObject({ code: "NotFound", reason: "COMPANY_NOT_FOUND" });
    expect(await failure(crm.getDeal({ dealId: randomUUID() }))).toMatchObject({ code: "NotFound", reason: "DEAL_NOT_FOUND" });
    expect(await failure(crm.createCompany({ company: { name: "No roles", roles: [] } }))).toMatchObject({ code: "InvalidArgument", reason: "VALIDATION_FAILED" });
    expect(await failure(crm.createCompany({ company: { name: "Bad mail", roles: [CompanyRole.CLIENT], email: "not-an-email" } }))).toMatchObject({ code: "InvalidArgument", reason: "VALIDATION_FAILED" });
    expect(await failure(crm.addActivity({ kind: ActivityKind.MEETING, companyId: company.id, subject: "x", dueAt: timestampFromDate(at(1)) }))).toMatchObject({ code: "InvalidArgument", reason: "DUE_DATE_ONLY_FOR_TASKS" });
    expect(await failure(crm.addActivity({ kind: ActivityKind.NOTE, subject: "about nothing" }))).toMatchObject({ code: "InvalidArgument", reason: "VALIDATION_FAILED" });
    expect(await failure(crm.deletePipelineStage({ stageId: stage(PipelineStageKind.WON).id }))).toMatchObject({ code: "FailedPrecondition", reason: "STAGE_NOT_DELETABLE" });
    expect(await failure(crm.createPipelineStage({ name: "lead", position: 1, winProbability: 5 }))).toMatchObject({ code: "AlreadyExists", reason: "STAGE_NAME_TAKEN" });
    expect(await failure(crm.updateCompany({ companyId: company.id, version: 9n, company: { name: "Y", roles: [CompanyRole.CLIENT] } }))).toMatchObject({ code: "Aborted", reason: "STALE_VERSION" });
    expect(await failure(crm.listCompanies({ pageToken: "garbage" }))).toMatchObject({ code: "InvalidArgument", reason: "INVALID_PAGE_TOKEN" });
    // The event's contact must be a contact of its client.
    expect(await failure(planning.createEvent({ event: { ...show(1, 2), name: "E", clientId: company.id, contactId: stranger?.id } }))).toMatchObject({
      code: "InvalidArgument",
      reason: "CONTACT_NOT_OF_CLIENT",
    });
  });
});

describe("permissions", () => {
  it("sales manage the CRM but need planning.manage to create an event from a deal", async () => {
    const crm = createClient(CRMService, transport(server.url, "connect-json-h1", salesToken));
    const { company } = await crm.createCompany({ company: { name: `Sales Co ${randomUUID().slice(0, 6)}`, roles: [CompanyRole.CLIENT] } });
    const { deal } = await crm.createDeal({ deal: { title: "D", companyId: company?.id ?? "", value: { amountMinor: 1n, currency: "EUR" } } });
    expect(deal?.ownerUserId).toBe("");
    expect(await failure(crm.createEventFromDeal({ dealId: deal?.id ?? "", event: show(1, 2) }))).toMatchObject({ code: "PermissionDenied", reason: "PERMISSION_DENIED" });
    const anonymous = createClient(CRMService, transport(server.url, "connect-json-h1"));
    expect(await failure(anonymous.listCompanies({}))).toMatchObject({ code: "Unauthenticated" });
  });
});

// Use cases of CRMService (see rpc/crm.rpc.ts): companies (the planning
// clients) with contacts and addresses, duplicate warnings on create, search,
// activities and tasks, the configurable pipeline, deals moving through it
// (logged), and a deal creating its event through the planning rules.
// See docs/rules/crm-duplicates.md and docs/rules/deal-pipeline.md.
import {
  assertStageDeletable,
  cleanActivity,
  cleanCompany,
  cleanContact,
  cleanDeal,
  cleanName,
  firstOpenStage,
  moveDeal,
  stageProbability,
  type Activity,
  type ActivityInput,
  type Company,
  type CompanyInput,
  type CompanyRole,
  type Contact,
  type ContactInput,
  type CrmHit,
  type Deal,
  type DealInput,
  type DealStageChange,
  type PipelineStage,
} from "../domain/crm.js";
import { CrmError } from "../domain/crm.errors.js";
import { decodePageToken, encodePageToken, pageSize } from "../domain/pagination.js";
import type { EventInput, PlanningEvent } from "../domain/planning.types.js";
import { normalizeQuery, tsQueryText } from "../domain/search.js";
import * as crm from "../store/crm.store.js";
import type { After } from "../store/crm.store.js";
import type { Db } from "../store/db.js";
import * as deals from "../store/deal.store.js";
import { prepareFuzzyMatching } from "../store/search.store.js";
import { requirePermission, type CallContext } from "./auth.service.js";
import type { EventService } from "./event.service.js";
import type { InventoryDeps } from "./inventory.deps.js";

// The same pg_trgm thresholds as the inventory search box (search.service.ts).
const similarityThreshold = 0.3;
const wordSimilarityThreshold = 0.45;
const defaultHits = 20;

export interface Page<T> {
  items: T[];
  nextPageToken: string;
}

/** Reads one page more than asked to know whether another follows; the cursor is (sort key, id) of the last row. */
async function paged<T extends { id: string }>(
  request: { pageSize: number; pageToken: string },
  query: unknown,
  key: (row: T) => string,
  load: (after: After | undefined, limit: number) => Promise<T[]>,
): Promise<Page<T>> {
  const fingerprint = JSON.stringify(query);
  const token = decodePageToken(request.pageToken, fingerprint);
  const after = token === undefined ? undefined : (JSON.parse(token) as After);
  const size = pageSize(request.pageSize);
  const rows = await load(after, size + 1);
  const items = rows.slice(0, size);
  const last = items.at(-1);
  return { items, nextPageToken: rows.length > size && last ? encodePageToken(fingerprint, JSON.stringify({ key: key(last), id: last.id })) : "" };
}

function stale(version: number): CrmError {
  return new CrmError("STALE_VERSION", "changed by someone else; reload and try again", { currentVersion: String(version) });
}

export interface CreateResult<T> {
  /** Undefined when duplicates were found and creating anyway was not asked for. */
  created: T | undefined;
  duplicates: T[];
}

export interface CompanyDetail {
  company: Company;
  contacts: Contact[];
  deals: Deal[];
}

export class CrmService {
  constructor(
    private readonly deps: InventoryDeps,
    private readonly events: EventService,
  ) {}

  // Companies

  async listCompanies(ctx: CallContext, f: { pageSize: number; pageToken: string; query: string; role: CompanyRole | undefined; tag: string }): Promise<Page<Company>> {
    requirePermission(ctx, "crm.read");
    const { pageSize: _s, pageToken: _t, ...query } = f;
    return paged(f, query, (c) => c.name.toLowerCase(), (after, limit) => crm.listCompanies(this.deps.db, { ...query, after, limit }));
  }

  async getCompany(ctx: CallContext, companyId: string): Promise<CompanyDetail> {
    requirePermission(ctx, "crm.read");
    const db = this.deps.db;
    const company = await this.company(db, companyId);
    const contacts = await crm.listContacts(db, { companyId, query: "", after: undefined, limit: 500 });
    const companyDeals = await deals.listDeals(db, { stageId: undefined, companyId, ownerUserId: undefined, query: "", after: undefined, limit: 200 });
    return { company, contacts, deals: companyDeals.map(({ cursorAt: _c, ...d }) => d) };
  }

  /** Warns (creates nothing) when a company with the same name or email exists, unless `allowDuplicate`. */
  async createCompany(ctx: CallContext, q: { company: CompanyInput; allowDuplicate: boolean; requestId: string | null }): Promise<CreateResult<Company>> {
    requirePermission(ctx, "crm.manage");
    const input = cleanCompany(q.company);
    return this.deps.db.transaction().execute(async (tx) => {
      const earlier = q.requestId ? await crm.findCompanyByRequest(tx, q.requestId) : undefined;
      if (earlier) return { created: await this.company(tx, earlier), duplicates: [] };
      // Two people creating "ACME" at the same moment: the second sees the first.
      await crm.lockKey(tx, `company:${input.name.toLowerCase()}`);
      if (!q.allowDuplicate) {
        const duplicates = await crm.findSimilarCompanies(tx, input.name, input.email);
        if (duplicates.length > 0) return { created: undefined, duplicates };
      }
      const id = (await crm.insertCompany(tx, input, q.requestId, this.deps.now())) ?? (q.requestId ? await crm.findCompanyByRequest(tx, q.requestId) : undefined);
      if (!id) throw new CrmError("COMPANY_NOT_FOUND", "the company was not saved");
      return { created: await this.company(tx, id), duplicates: [] };
    });
  }

  async updateCompany(ctx: CallContext, q: { companyId: string; version: number; company: CompanyInput }): Promise<Company> {
    requirePermission(ctx, "crm.manage");
    const input = cleanCompany(q.company);
    return this.deps.db.transaction().execute(async (tx) => {
      const current = await crm.lockCompany(tx, q.companyId);
      if (!current) throw new CrmError("COMPANY_NOT_FOUND", "no such company", { companyId: q.companyId });
      if (!(await crm.updateCompany(tx, q.companyId, q.version, input, this.deps.now()))) throw stale(current.version);
      return this.company(tx, q.companyId);
    });
  }

  // Contacts

  async listContacts(ctx: CallContext, f: { pageSize: number; pageToken: string; companyId: string | undefined; query: string }): Promise<Page<Contact>> {
    requirePermission(ctx, "crm.read");
    const { pageSize: _s, pageToken: _t, ...query } = f;
    return paged(f, query, (c) => c.name.toLowerCase(), (after, limit) => crm.listContacts(this.deps.db, { ...query, after, limit }));
  }

  async getContact(ctx: CallContext, contactId: string): Promise<Contact> {
    requirePermission(ctx, "crm.read");
    return this.contact(this.deps.db, contactId);
  }

  /** Warns when the company has a contact of that name, or any contact has that email, unless `allowDuplicate`. */
  async createContact(ctx: CallContext, q: { companyId: string; contact: ContactInput; allowDuplicate: boolean; requestId: string | null }): Promise<CreateResult<Contact>> {
    requirePermission(ctx, "crm.manage");
    const input = cleanContact(q.contact);
    return this.deps.db.transaction().execute(async (tx) => {
      const earlier = q.requestId ? await crm.findContactByRequest(tx, q.requestId) : undefined;
      if (earlier) return { created: await this.contact(tx, earlier), duplicates: [] };
      if (!(await crm.lockCompany(tx, q.companyId))) throw new CrmError("COMPANY_NOT_FOUND", "no such company", { companyId: q.companyId });
      if (input.email !== "") await crm.lockKey(tx, `contact-email:${input.email}`);
      if (!q.allowDuplicate) {
        const duplicates = await crm.findSimilarContacts(tx, q.companyId, input.name, input.email);
        if (duplicates.length > 0) return { created: undefined, duplicates };
      }
      const id = (await crm.insertContact(tx, q.companyId, input, q.requestId, this.deps.now())) ?? (q.requestId ? await crm.findContactByRequest(tx, q.requestId) : undefined);
      if (!id) throw new CrmError("CONTACT_NOT_FOUND", "the contact was not saved");
      return { created: await this.contact(tx, id), duplicates: [] };
    });
  }

  async updateContact(ctx: CallContext, q: { contactId: string; version: number; contact: ContactInput }): Promise<Contact> {
    requirePermission(ctx, "crm.manage");
    const input = cleanContact(q.contact);
    return this.deps.db.transaction().execute(async (tx) => {
      const current = await this.contact(tx, q.contactId);
      if (!(await crm.updateContact(tx, q.contactId, q.version, input, this.deps.now()))) throw stale(current.version);
      return this.contact(tx, q.contactId);
    });
  }

  // Search

  /** Companies and contacts, best first: full-text (prefix on the last word) and trigram similarity for typos. */
  async search(ctx: CallContext, q: { query: string; limit: number }): Promise<CrmHit[]> {
    requirePermission(ctx, "crm.read");
    const query = normalizeQuery(q.query);
    if (query.text === "") return [];
    const limit = q.limit > 0 ? q.limit : defaultHits;
    return this.deps.db.transaction().execute(async (tx) => {
      await prepareFuzzyMatching(tx, similarityThreshold, wordSimilarityThreshold);
      const hits = await crm.searchCrm(tx, { text: query.text, tsQuery: tsQueryText(query.words), limit });
      return hits.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title)).slice(0, limit);
    });
  }

  // Activities

  async listActivities(ctx: CallContext, f: { pageSize: number; pageToken: string; companyId: string | undefined; contactId: string | undefined; dealId: string | undefined }): Promise<Page<Activity>> {
    requirePermission(ctx, "crm.read");
    const { pageSize: _s, pageToken: _t, ...query } = f;
    return paged(f, query, (a) => a.occurredAt.toISOString(), (after, limit) => crm.listActivities(this.deps.db, { ...query, after, limit }));
  }

  /** Files the activity under the company of its contact or deal too, so the company's timeline shows it. */
  async addActivity(ctx: CallContext, q: { activity: ActivityInput; requestId: string | null }): Promise<Activity> {
    const principal = requirePermission(ctx, "crm.manage");
    const now = this.deps.now();
    const input = cleanActivity(q.activity, now);
    return this.deps.db.transaction().execute(async (tx) => {
      const earlier = q.requestId ? await crm.findActivityByRequest(tx, q.requestId) : undefined;
      if (earlier) return this.activity(tx, earlier);
      let companyId = input.companyId;
      const about = (owner: string) => {
        if (companyId !== null && companyId !== owner) throw new CrmError("CONTACT_NOT_OF_COMPANY", "the contact or deal belongs to another company", { companyId });
        companyId = owner;
      };
      if (input.contactId) about((await this.contact(tx, input.contactId)).companyId);
      if (input.dealId) about((await this.deal(tx, input.dealId)).companyId);
      if (companyId !== null) await this.company(tx, companyId);
      const ownerUserId = input.ownerUserId ?? (input.kind === "TASK" ? principal.userId : null);
      if (ownerUserId !== null && !(await crm.userExists(tx, ownerUserId))) throw new CrmError("OWNER_NOT_FOUND", "no such user", { userId: ownerUserId });
      const id =
        (await crm.insertActivity(tx, { ...input, companyId, ownerUserId, createdByUserId: principal.userId, requestId: q.requestId, now })) ??
        (q.requestId ? await crm.findActivityByRequest(tx, q.requestId) : undefined);
      if (!id) throw new CrmError("ACTIVITY_NOT_FOUND", "the activity was not saved");
      return this.activity(tx, id);
    });
  }

  async completeTask(ctx: CallContext, q: { activityId: string; done: boolean }): Promise<Activity> {
    requirePermission(ctx, "crm.manage");
    return this.deps.db.transaction().execute(async (tx) => {
      const task = await this.activity(tx, q.activityId);
      if (task.kind !== "TASK") throw new CrmError("NOT_A_TASK", "only a task can be completed", { activityId: q.activityId, kind: task.kind });
      // Completing twice keeps the first completion time: a retry changes nothing.
      if (q.done !== (task.doneAt !== null)) await crm.setTaskDone(tx, task.id, q.done ? this.deps.now() : null);
      return this.activity(tx, task.id);
    });
  }

  async listTasks(ctx: CallContext, f: { pageSize: number; pageToken: string; dueBefore: Date | undefined; ownerUserId: string | undefined }): Promise<Page<Activity>> {
    requirePermission(ctx, "crm.read");
    const { pageSize: _s, pageToken: _t, ...query } = f;
    return paged(f, query, (a) => a.dueAt?.toISOString() ?? "", (after, limit) => crm.listOpenTasks(this.deps.db, { ...query, after, limit }));
  }

  // Pipeline

  async listStages(ctx: CallContext): Promise<PipelineStage[]> {
    requirePermission(ctx, "crm.read");
    return deals.listStages(this.deps.db);
  }

  async createStage(ctx: CallContext, s: { name: string; position: number; winProbability: number }): Promise<PipelineStage> {
    requirePermission(ctx, "crm.manage");
    return this.stageNameUnique(s.name, () => deals.insertStage(this.deps.db, { ...s, name: cleanName(s.name), winProbability: stageProbability("OPEN", s.winProbability) }));
  }

  async updateStage(ctx: CallContext, q: { stageId: string; version: number; name: string; position: number; winProbability: number }): Promise<PipelineStage> {
    requirePermission(ctx, "crm.manage");
    const db = this.deps.db;
    const current = await this.stage(db, q.stageId);
    const saved = await this.stageNameUnique(q.name, () =>
      deals.updateStage(db, q.stageId, q.version, { name: cleanName(q.name), position: q.position, winProbability: stageProbability(current.kind, q.winProbability) }),
    );
    if (!saved) throw stale(current.version);
    return saved;
  }

  async deleteStage(ctx: CallContext, stageId: string): Promise<void> {
    requirePermission(ctx, "crm.manage");
    await this.deps.db.transaction().execute(async (tx) => {
      const stage = await this.stage(tx, stageId);
      await crm.lockKey(tx, `stage:${stageId}`);
      assertStageDeletable(stage, await deals.countDealsInStage(tx, stageId));
      await deals.archiveStage(tx, stageId);
    });
  }

  // Deals

  async listDeals(ctx: CallContext, f: { pageSize: number; pageToken: string; stageId: string | undefined; companyId: string | undefined; ownerUserId: string | undefined; query: string }): Promise<Page<Deal>> {
    requirePermission(ctx, "crm.read");
    const { pageSize: _s, pageToken: _t, ...query } = f;
    const page = await paged<Deal & { cursorAt: string }>(f, query, (d) => d.cursorAt, (after, limit) => deals.listDeals(this.deps.db, { ...query, after, limit }));
    return { items: page.items.map(({ cursorAt: _c, ...d }) => d), nextPageToken: page.nextPageToken };
  }

  async getDeal(ctx: CallContext, dealId: string): Promise<{ deal: Deal; stageChanges: DealStageChange[] }> {
    requirePermission(ctx, "crm.read");
    const db = this.deps.db;
    return { deal: await this.deal(db, dealId), stageChanges: await deals.listStageChanges(db, dealId) };
  }

  async createDeal(ctx: CallContext, q: { deal: DealInput; stageId: string | null; requestId: string | null }): Promise<Deal> {
    const principal = requirePermission(ctx, "crm.manage");
    const input = cleanDeal(q.deal);
    const now = this.deps.now();
    return this.deps.db.transaction().execute(async (tx) => {
      const earlier = q.requestId ? await deals.findDealByRequest(tx, q.requestId) : undefined;
      if (earlier) return this.deal(tx, earlier);
      await this.assertDealReferences(tx, input);
      const stage = q.stageId ? await this.stage(tx, q.stageId) : firstOpenStage(await deals.listStages(tx));
      if (!stage) throw new CrmError("STAGE_NOT_FOUND", "the pipeline has no open stage");
      const closedAt = stage.kind === "OPEN" ? null : now;
      if (stage.kind === "LOST") throw new CrmError("LOST_REASON_REQUIRED", "a new deal cannot start lost", { stageId: stage.id });
      const id = await deals.insertDeal(tx, input, { stageId: stage.id, closedAt }, q.requestId, now);
      if (!id) {
        // Another attempt with this request id committed first.
        const first = q.requestId ? await deals.findDealByRequest(tx, q.requestId) : undefined;
        if (!first) throw new CrmError("DEAL_NOT_FOUND", "the deal was not saved");
        return this.deal(tx, first);
      }
      await deals.insertStageChange(tx, { dealId: id, fromStageId: null, toStageId: stage.id, at: now, actorUserId: principal.userId, lostReason: "" });
      return this.deal(tx, id);
    });
  }

  async updateDeal(ctx: CallContext, q: { dealId: string; version: number; deal: DealInput }): Promise<Deal> {
    requirePermission(ctx, "crm.manage");
    const input = cleanDeal(q.deal);
    return this.deps.db.transaction().execute(async (tx) => {
      const current = await deals.lockDeal(tx, q.dealId);
      if (!current) throw new CrmError("DEAL_NOT_FOUND", "no such deal", { dealId: q.dealId });
      if (current.version !== q.version) throw stale(current.version);
      await this.assertDealReferences(tx, input);
      if (!(await deals.updateDeal(tx, q.dealId, q.version, input, this.deps.now()))) throw stale(current.version);
      return this.deal(tx, q.dealId);
    });
  }

  /** Moves the deal to another stage and logs the move; moving to the stage it is in changes nothing. */
  async moveDeal(ctx: CallContext, q: { dealId: string; version: number; stageId: string; lostReason: string }): Promise<Deal> {
    const principal = requirePermission(ctx, "crm.manage");
    const now = this.deps.now();
    return this.deps.db.transaction().execute(async (tx) => {
      const current = await deals.lockDeal(tx, q.dealId);
      if (!current) throw new CrmError("DEAL_NOT_FOUND", "no such deal", { dealId: q.dealId });
      const to = await this.stage(tx, q.stageId);
      const move = moveDeal(current, to, q.lostReason, now);
      if (!move.changed) return current;
      if (current.version !== q.version) throw stale(current.version);
      if (!(await deals.setDealStage(tx, current.id, q.version, { stageId: to.id, lostReason: move.lostReason, closedAt: move.closedAt }, now))) throw stale(current.version);
      await deals.insertStageChange(tx, { dealId: current.id, fromStageId: current.stageId, toStageId: to.id, at: now, actorUserId: principal.userId, lostReason: move.lostReason });
      return this.deal(tx, current.id);
    });
  }

  /**
   * Creates the deal's event (an enquiry for the deal's company and contact)
   * through the planning rules, in one transaction with linking it. A deal has
   * one event: asking again returns the event it already has.
   */
  async createEventFromDeal(ctx: CallContext, q: { dealId: string; event: EventInput }): Promise<{ deal: Deal; event: PlanningEvent }> {
    requirePermission(ctx, "crm.manage");
    const principal = requirePermission(ctx, "planning.manage");
    return this.deps.db.transaction().execute(async (tx) => {
      const deal = await deals.lockDeal(tx, q.dealId);
      if (!deal) throw new CrmError("DEAL_NOT_FOUND", "no such deal", { dealId: q.dealId });
      if (deal.eventId) return { deal, event: await this.events.getInTransaction(tx, deal.eventId) };
      if (deal.stageKind === "LOST") throw new CrmError("DEAL_LOST", "a lost deal does not get an event; move it back to an open stage first", { dealId: deal.id });
      const event = await this.events.createInTransaction(
        tx,
        principal.userId,
        { ...q.event, clientId: deal.companyId, contactId: deal.contactId, contactName: "" },
        undefined,
      );
      await deals.linkDealEvent(tx, deal.id, event.id, this.deps.now());
      return { deal: await this.deal(tx, deal.id), event };
    });
  }

  // Helpers

  private async assertDealReferences(tx: Db, input: DealInput): Promise<void> {
    await this.company(tx, input.companyId);
    if (input.contactId) {
      const contact = await this.contact(tx, input.contactId);
      if (contact.companyId !== input.companyId) throw new CrmError("CONTACT_NOT_OF_COMPANY", "the contact belongs to another company", { contactId: input.contactId });
    }
    if (input.ownerUserId && !(await crm.userExists(tx, input.ownerUserId))) throw new CrmError("OWNER_NOT_FOUND", "no such user", { userId: input.ownerUserId });
  }

  private async stageNameUnique<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (deals.isDuplicateStageName(error)) throw new CrmError("STAGE_NAME_TAKEN", `a stage named ${name} exists`, { name });
      throw error;
    }
  }

  private async company(db: Db, id: string): Promise<Company> {
    const company = await crm.findCompany(db, id);
    if (!company) throw new CrmError("COMPANY_NOT_FOUND", "no such company", { companyId: id });
    return company;
  }

  private async contact(db: Db, id: string): Promise<Contact> {
    const contact = await crm.findContact(db, id);
    if (!contact) throw new CrmError("CONTACT_NOT_FOUND", "no such contact", { contactId: id });
    return contact;
  }

  private async deal(db: Db, id: string): Promise<Deal> {
    const deal = await deals.findDeal(db, id);
    if (!deal) throw new CrmError("DEAL_NOT_FOUND", "no such deal", { dealId: id });
    return deal;
  }

  private async stage(db: Db, id: string): Promise<PipelineStage> {
    const stage = await deals.findStage(db, id);
    if (!stage) throw new CrmError("STAGE_NOT_FOUND", "no such pipeline stage", { stageId: id });
    return stage;
  }

  private async activity(db: Db, id: string): Promise<Activity> {
    const activity = await crm.findActivity(db, id);
    if (!activity) throw new CrmError("ACTIVITY_NOT_FOUND", "no such activity", { activityId: id });
    return activity;
  }
}

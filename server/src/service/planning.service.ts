// Use cases of PlanningService (see rpc/planning.rpc.ts): events, pull lists
// and shortages behind one facade, plus the reference data (clients, venues,
// projects) and the planning settings.
import { PlanningError } from "../domain/planning.errors.js";
import type { Buffers } from "../domain/availability.js";
import { categoryBuffersView } from "../domain/buffers.js";
import type { CategoryBuffers, Client, PlanningSettings, Project, Venue, VenueInput } from "../domain/planning.types.js";
import type { Db } from "../store/db.js";
import {
  deleteCategoryBuffers,
  deleteProjectIfUnused,
  deleteVenueIfUnused,
  findProject,
  findVenue,
  getPlanningSettings,
  insertClient,
  insertProject,
  insertVenue,
  listCategoriesWithBuffers,
  listClients,
  listProjects,
  listVenues,
  lockCategory,
  lockProject,
  lockVenue,
  setProjectArchived,
  setVenueArchived,
  updatePlanningSettings,
  updateProject,
  updateVenue,
  upsertCategoryBuffers,
} from "../store/planning.store.js";
import { requirePermission, type CallContext } from "./auth.service.js";
import { EventService } from "./event.service.js";
import type { InventoryDeps } from "./inventory.deps.js";
import { PullListService } from "./pull-list.service.js";
import { ShortageService } from "./shortage.service.js";

export class PlanningService {
  readonly events: EventService;
  readonly pullLists: PullListService;
  readonly shortages: ShortageService;

  constructor(protected readonly deps: InventoryDeps) {
    this.events = new EventService(deps);
    this.pullLists = new PullListService(deps);
    this.shortages = new ShortageService(deps);
  }

  // Venues

  async listVenues(ctx: CallContext, q: { query: string; includeArchived: boolean }): Promise<Venue[]> {
    requirePermission(ctx, "planning.read");
    return listVenues(this.deps.db, q.query, q.includeArchived);
  }

  async getVenue(ctx: CallContext, venueId: string): Promise<Venue> {
    requirePermission(ctx, "planning.read");
    const venue = await findVenue(this.deps.db, venueId);
    if (!venue) throw new PlanningError("VENUE_NOT_FOUND", "no such venue", { venueId });
    return venue;
  }

  async archiveVenue(ctx: CallContext, q: { venueId: string; archived: boolean }): Promise<Venue> {
    requirePermission(ctx, "planning.manage");
    const venue = await setVenueArchived(this.deps.db, q.venueId, q.archived);
    if (!venue) throw new PlanningError("VENUE_NOT_FOUND", "no such venue", { venueId: q.venueId });
    return venue;
  }

  /** Only a venue no event refers to; a venue in use is archived instead (VENUE_IN_USE). */
  async deleteVenue(ctx: CallContext, venueId: string): Promise<void> {
    requirePermission(ctx, "planning.manage");
    await this.deps.db.transaction().execute(async (tx) => {
      if (!(await lockVenue(tx, venueId))) throw new PlanningError("VENUE_NOT_FOUND", "no such venue", { venueId });
      if (!(await deleteVenueIfUnused(tx, venueId))) throw new PlanningError("VENUE_IN_USE", "events refer to this venue: archive it instead", { venueId });
    });
  }

  async createVenue(ctx: CallContext, venue: VenueInput): Promise<Venue> {
    requirePermission(ctx, "planning.manage");
    return insertVenue(this.deps.db, venue);
  }

  async updateVenue(ctx: CallContext, q: { venueId: string; version: number; venue: VenueInput }): Promise<Venue> {
    requirePermission(ctx, "planning.manage");
    const db = this.deps.db;
    const saved = await updateVenue(db, q.venueId, q.version, q.venue);
    if (saved) return saved;
    const current = await findVenue(db, q.venueId);
    if (!current) throw new PlanningError("VENUE_NOT_FOUND", "no such venue", { venueId: q.venueId });
    throw new PlanningError("STALE_VERSION", "the venue was changed by someone else; reload and try again", { currentVersion: String(current.version) });
  }

  // Projects

  async listProjects(ctx: CallContext, q: { query: string; includeArchived: boolean }): Promise<Project[]> {
    requirePermission(ctx, "planning.read");
    return listProjects(this.deps.db, q.query, q.includeArchived);
  }

  async getProject(ctx: CallContext, projectId: string): Promise<Project> {
    requirePermission(ctx, "planning.read");
    const project = await findProject(this.deps.db, projectId);
    if (!project) throw new PlanningError("PROJECT_NOT_FOUND", "no such project", { projectId });
    return project;
  }

  async archiveProject(ctx: CallContext, q: { projectId: string; archived: boolean }): Promise<Project> {
    requirePermission(ctx, "planning.manage");
    const project = await setProjectArchived(this.deps.db, q.projectId, q.archived);
    if (!project) throw new PlanningError("PROJECT_NOT_FOUND", "no such project", { projectId: q.projectId });
    return project;
  }

  /** Only a project no event refers to; a project in use is archived instead (PROJECT_IN_USE). */
  async deleteProject(ctx: CallContext, projectId: string): Promise<void> {
    requirePermission(ctx, "planning.manage");
    await this.deps.db.transaction().execute(async (tx) => {
      if (!(await lockProject(tx, projectId))) throw new PlanningError("PROJECT_NOT_FOUND", "no such project", { projectId });
      if (!(await deleteProjectIfUnused(tx, projectId))) throw new PlanningError("PROJECT_IN_USE", "events refer to this project: archive it instead", { projectId });
    });
  }

  async createProject(ctx: CallContext, project: { name: string; description: string }): Promise<Project> {
    requirePermission(ctx, "planning.manage");
    return insertProject(this.deps.db, project);
  }

  async updateProject(ctx: CallContext, q: { projectId: string; version: number; name: string; description: string }): Promise<Project> {
    requirePermission(ctx, "planning.manage");
    const db = this.deps.db;
    const saved = await updateProject(db, q.projectId, q.version, { name: q.name, description: q.description });
    if (saved) return saved;
    const current = await findProject(db, q.projectId);
    if (!current) throw new PlanningError("PROJECT_NOT_FOUND", "no such project", { projectId: q.projectId });
    throw new PlanningError("STALE_VERSION", "the project was changed by someone else; reload and try again", { currentVersion: String(current.version) });
  }

  // Clients

  async listClients(ctx: CallContext, query: string): Promise<Client[]> {
    requirePermission(ctx, "planning.read");
    return listClients(this.deps.db, query);
  }

  async createClient(ctx: CallContext, name: string): Promise<Client> {
    requirePermission(ctx, "planning.manage");
    return insertClient(this.deps.db, name, this.deps.now());
  }

  // Settings

  async getPlanningSettings(ctx: CallContext): Promise<PlanningSettings> {
    requirePermission(ctx, "planning.read");
    return getPlanningSettings(this.deps.db);
  }

  async updatePlanningSettings(ctx: CallContext, settings: PlanningSettings): Promise<PlanningSettings> {
    requirePermission(ctx, "settings.manage");
    return updatePlanningSettings(this.deps.db, settings);
  }

  // Turnaround buffers per product group (docs/rules/turnaround-buffers.md)

  /** Every category with its own buffers and what it ends up with, parents before children. */
  async listCategoryBuffers(ctx: CallContext): Promise<CategoryBuffers[]> {
    requirePermission(ctx, "planning.read");
    return this.categoryBuffers(this.deps.db);
  }

  async setCategoryBuffers(ctx: CallContext, q: { categoryId: string; buffers: Buffers }): Promise<CategoryBuffers> {
    requirePermission(ctx, "settings.manage");
    return this.deps.db.transaction().execute(async (tx) => {
      if (!(await lockCategory(tx, q.categoryId))) throw new PlanningError("CATEGORY_NOT_FOUND", "no such category", { categoryId: q.categoryId });
      await upsertCategoryBuffers(tx, q.categoryId, q.buffers);
      return this.categoryBuffersOf(tx, q.categoryId);
    });
  }

  async clearCategoryBuffers(ctx: CallContext, categoryId: string): Promise<CategoryBuffers> {
    requirePermission(ctx, "settings.manage");
    return this.deps.db.transaction().execute(async (tx) => {
      if (!(await lockCategory(tx, categoryId))) throw new PlanningError("CATEGORY_NOT_FOUND", "no such category", { categoryId });
      await deleteCategoryBuffers(tx, categoryId);
      return this.categoryBuffersOf(tx, categoryId);
    });
  }

  private async categoryBuffers(db: Db): Promise<CategoryBuffers[]> {
    const settings = await getPlanningSettings(db);
    const rows = await listCategoriesWithBuffers(db);
    return categoryBuffersView(rows, { bufferBeforeMinutes: settings.bufferBeforeMinutes, bufferAfterMinutes: settings.bufferAfterMinutes });
  }

  private async categoryBuffersOf(db: Db, categoryId: string): Promise<CategoryBuffers> {
    const found = (await this.categoryBuffers(db)).find((c) => c.categoryId === categoryId);
    if (!found) throw new PlanningError("CATEGORY_NOT_FOUND", "no such category", { categoryId });
    return found;
  }
}

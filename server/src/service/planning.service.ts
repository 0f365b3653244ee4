// Use cases of PlanningService (see rpc/planning.rpc.ts): events, pull lists
// and shortages behind one facade, plus the reference data (clients, venues,
// projects) and the planning settings.
import { PlanningError } from "../domain/planning.errors.js";
import type { Client, PlanningSettings, Project, Venue, VenueInput } from "../domain/planning.types.js";
import {
  findProject,
  findVenue,
  getPlanningSettings,
  insertClient,
  insertProject,
  insertVenue,
  listClients,
  listProjects,
  listVenues,
  updatePlanningSettings,
  updateProject,
  updateVenue,
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

  async listVenues(ctx: CallContext, query: string): Promise<Venue[]> {
    requirePermission(ctx, "planning.read");
    return listVenues(this.deps.db, query);
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

  async listProjects(ctx: CallContext, query: string): Promise<Project[]> {
    requirePermission(ctx, "planning.read");
    return listProjects(this.deps.db, query);
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
}

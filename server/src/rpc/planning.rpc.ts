// PlanningService handlers: read the caller, convert, call one service method, convert back.
import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  AddPullListLineResponseSchema,
  ArchiveProjectResponseSchema,
  ArchiveVenueResponseSchema,
  ClearCategoryBuffersResponseSchema,
  DeleteProjectResponseSchema,
  DeleteVenueResponseSchema,
  GetProjectResponseSchema,
  GetVenueResponseSchema,
  ListCategoryBuffersResponseSchema,
  SetCategoryBuffersResponseSchema,
  AddPullListSectionResponseSchema,
  ChangeEventStatusResponseSchema,
  CopyEventResponseSchema,
  CreateClientResponseSchema,
  CreateEventResponseSchema,
  CreateProjectResponseSchema,
  CreateVenueResponseSchema,
  GetEventResponseSchema,
  GetPlanningSettingsResponseSchema,
  GetProductTimelineResponseSchema,
  GetPullListResponseSchema,
  ListClientsResponseSchema,
  ListEventHistoryResponseSchema,
  ListEventsResponseSchema,
  ListProjectsResponseSchema,
  ListShortagesResponseSchema,
  ListVenuesResponseSchema,
  OverbookingPolicy,
  RemovePullListLineResponseSchema,
  RemovePullListSectionResponseSchema,
  UpdateEventResponseSchema,
  UpdatePlanningSettingsResponseSchema,
  UpdateProjectResponseSchema,
  UpdatePullListLineResponseSchema,
  UpdatePullListSectionResponseSchema,
  UpdateVenueResponseSchema,
  type AddPullListLineRequest,
  type PlanningService as PlanningApi,
} from "@eventkit/api/eventkit/v1/planning_pb.js";
import type { OverbookingPolicy as DomainPolicy } from "../domain/planning.types.js";
import type { LineItem } from "../service/pull-list.service.js";
import type { PlanningService } from "../service/planning.service.js";
import { requestState } from "./context.js";
import { dateOf, moneyFromProto, timeRangeFromProto, versionOf } from "./inventory.convert.js";
import {
  bookingToProto,
  buffersFromProto,
  categoryBuffersToProto,
  clientToProto,
  eventInputFromProto,
  eventStatusFromProto,
  eventToProto,
  historyToProto,
  lineSourceFromProto,
  lineToProto,
  projectToProto,
  requiredEnum,
  sectionToProto,
  segmentToProto,
  settingsToProto,
  shortageToProto,
  venueFromProto,
  venueToProto,
} from "./planning.convert.js";

const orAbsent = (id: string): string | undefined => (id === "" ? undefined : id);

function lineItem(item: AddPullListLineRequest["item"]): LineItem {
  switch (item.case) {
    case "productId":
      return { kind: "PRODUCT", productId: item.value };
    case "assetId":
      return { kind: "ASSET", assetId: item.value };
    case "kitId":
      return { kind: "KIT", kitId: item.value };
    case "caseId":
      return { kind: "CASE", caseId: item.value };
    case undefined:
      throw new Error("item reached a handler unvalidated");
  }
}

export function planningRpc(service: PlanningService): Partial<ServiceImpl<typeof PlanningApi>> {
  return {
    // Events

    async listEvents(req, ctx) {
      const page = await service.events.listEvents(requestState(ctx), {
        pageSize: req.pageSize,
        pageToken: req.pageToken,
        statuses: req.statuses.map(eventStatusFromProto),
        overlapping: timeRangeFromProto(req.overlapping) ?? undefined,
        clientId: orAbsent(req.clientId),
        projectId: orAbsent(req.projectId),
        venueId: orAbsent(req.venueId),
        query: req.query,
        templates: req.templates,
      });
      return create(ListEventsResponseSchema, { events: page.events.map(eventToProto), nextPageToken: page.nextPageToken });
    },

    async getEvent(req, ctx) {
      return create(GetEventResponseSchema, { event: eventToProto(await service.events.getEvent(requestState(ctx), req.eventId)) });
    },

    async createEvent(req, ctx) {
      const event = await service.events.createEvent(requestState(ctx), eventInputFromProto(req.event), orAbsent(req.templateId));
      return create(CreateEventResponseSchema, { event: eventToProto(event) });
    },

    async updateEvent(req, ctx) {
      const result = await service.events.updateEvent(requestState(ctx), { eventId: req.eventId, version: versionOf(req.version), event: eventInputFromProto(req.event) });
      return create(UpdateEventResponseSchema, { event: eventToProto(result.event), shortages: result.shortages.map(shortageToProto) });
    },

    async changeEventStatus(req, ctx) {
      const result = await service.events.changeEventStatus(requestState(ctx), {
        eventId: req.eventId,
        version: versionOf(req.version),
        status: eventStatusFromProto(req.status),
        reason: req.reason,
      });
      return create(ChangeEventStatusResponseSchema, { event: eventToProto(result.event), shortages: result.shortages.map(shortageToProto) });
    },

    async copyEvent(req, ctx) {
      const event = await service.events.copyEvent(requestState(ctx), { eventId: req.eventId, start: dateOf(req.start) ?? new Date(0), name: req.name });
      return create(CopyEventResponseSchema, { event: eventToProto(event) });
    },

    async listEventHistory(req, ctx) {
      const entries = await service.events.listEventHistory(requestState(ctx), req.eventId);
      return create(ListEventHistoryResponseSchema, { entries: entries.map(historyToProto) });
    },

    // Venues, projects, clients

    async listVenues(req, ctx) {
      return create(ListVenuesResponseSchema, { venues: (await service.listVenues(requestState(ctx), { query: req.query, includeArchived: req.includeArchived })).map(venueToProto) });
    },

    async createVenue(req, ctx) {
      return create(CreateVenueResponseSchema, { venue: venueToProto(await service.createVenue(requestState(ctx), venueFromProto(req.venue))) });
    },

    async updateVenue(req, ctx) {
      const venue = await service.updateVenue(requestState(ctx), { venueId: req.venueId, version: versionOf(req.version), venue: venueFromProto(req.venue) });
      return create(UpdateVenueResponseSchema, { venue: venueToProto(venue) });
    },

    async getVenue(req, ctx) {
      return create(GetVenueResponseSchema, { venue: venueToProto(await service.getVenue(requestState(ctx), req.venueId)) });
    },

    async archiveVenue(req, ctx) {
      return create(ArchiveVenueResponseSchema, { venue: venueToProto(await service.archiveVenue(requestState(ctx), { venueId: req.venueId, archived: req.archived })) });
    },

    async deleteVenue(req, ctx) {
      await service.deleteVenue(requestState(ctx), req.venueId);
      return create(DeleteVenueResponseSchema, {});
    },

    async listProjects(req, ctx) {
      return create(ListProjectsResponseSchema, { projects: (await service.listProjects(requestState(ctx), { query: req.query, includeArchived: req.includeArchived })).map(projectToProto) });
    },

    async createProject(req, ctx) {
      const project = await service.createProject(requestState(ctx), { name: req.name, description: req.description });
      return create(CreateProjectResponseSchema, { project: projectToProto(project) });
    },

    async updateProject(req, ctx) {
      const project = await service.updateProject(requestState(ctx), { projectId: req.projectId, version: versionOf(req.version), name: req.name, description: req.description });
      return create(UpdateProjectResponseSchema, { project: projectToProto(project) });
    },

    async getProject(req, ctx) {
      return create(GetProjectResponseSchema, { project: projectToProto(await service.getProject(requestState(ctx), req.projectId)) });
    },

    async archiveProject(req, ctx) {
      return create(ArchiveProjectResponseSchema, { project: projectToProto(await service.archiveProject(requestState(ctx), { projectId: req.projectId, archived: req.archived })) });
    },

    async deleteProject(req, ctx) {
      await service.deleteProject(requestState(ctx), req.projectId);
      return create(DeleteProjectResponseSchema, {});
    },

    async listClients(req, ctx) {
      return create(ListClientsResponseSchema, { clients: (await service.listClients(requestState(ctx), req.query)).map(clientToProto) });
    },

    async createClient(req, ctx) {
      return create(CreateClientResponseSchema, { client: clientToProto(await service.createClient(requestState(ctx), req.name)) });
    },

    // Pull lists

    async getPullList(req, ctx) {
      const list = await service.pullLists.getPullList(requestState(ctx), req.eventId);
      return create(GetPullListResponseSchema, { sections: list.sections.map(sectionToProto), lines: list.lines.map(lineToProto) });
    },

    async addPullListSection(req, ctx) {
      const section = await service.pullLists.addSection(requestState(ctx), { eventId: req.eventId, name: req.name });
      return create(AddPullListSectionResponseSchema, { section: sectionToProto(section) });
    },

    async updatePullListSection(req, ctx) {
      const section = await service.pullLists.updateSection(requestState(ctx), { sectionId: req.sectionId, name: req.name, position: req.position });
      return create(UpdatePullListSectionResponseSchema, { section: sectionToProto(section) });
    },

    async removePullListSection(req, ctx) {
      await service.pullLists.removeSection(requestState(ctx), req.sectionId);
      return create(RemovePullListSectionResponseSchema, {});
    },

    async addPullListLine(req, ctx) {
      const lines = await service.pullLists.addLine(requestState(ctx), {
        eventId: req.eventId,
        sectionId: orAbsent(req.sectionId),
        item: lineItem(req.item),
        quantity: req.quantity,
        source: lineSourceFromProto(req.source),
        supplier: req.supplier,
        cost: req.cost ? moneyFromProto(req.cost) : undefined,
        notes: req.notes,
        includeOptional: req.includeOptional,
      });
      return create(AddPullListLineResponseSchema, { lines: lines.map(lineToProto) });
    },

    async updatePullListLine(req, ctx) {
      const line = await service.pullLists.updateLine(requestState(ctx), {
        lineId: req.lineId,
        quantity: req.quantity,
        sectionId: req.sectionId,
        source: lineSourceFromProto(req.source),
        supplier: req.supplier,
        cost: req.cost ? moneyFromProto(req.cost) : undefined,
        notes: req.notes,
      });
      return create(UpdatePullListLineResponseSchema, { line: lineToProto(line) });
    },

    async removePullListLine(req, ctx) {
      await service.pullLists.removeLine(requestState(ctx), req.lineId);
      return create(RemovePullListLineResponseSchema, {});
    },

    // Shortages and timeline

    async listShortages(req, ctx) {
      const shortages = await service.shortages.listShortages(requestState(ctx), { eventId: orAbsent(req.eventId), range: timeRangeFromProto(req.range) ?? undefined });
      return create(ListShortagesResponseSchema, { shortages: shortages.map(shortageToProto) });
    },

    async getProductTimeline(req, ctx) {
      const range = timeRangeFromProto(req.range);
      if (!range) throw new Error("range reached a handler unvalidated");
      const timeline = await service.shortages.getProductTimeline(requestState(ctx), { productId: req.productId, range });
      return create(GetProductTimelineResponseSchema, {
        bookings: timeline.bookings.map(bookingToProto),
        segments: timeline.availability.timeline.map(segmentToProto),
        minAvailable: timeline.availability.minAvailable,
      });
    },

    // Settings

    async getPlanningSettings(_req, ctx) {
      return create(GetPlanningSettingsResponseSchema, { settings: settingsToProto(await service.getPlanningSettings(requestState(ctx))) });
    },

    async updatePlanningSettings(req, ctx) {
      const settings = await service.updatePlanningSettings(requestState(ctx), {
        overbookingPolicy: requiredEnum(OverbookingPolicy, req.overbookingPolicy) as DomainPolicy,
        eventNumberPrefix: req.eventNumberPrefix,
        bufferBeforeMinutes: req.bufferBeforeMinutes,
        bufferAfterMinutes: req.bufferAfterMinutes,
      });
      return create(UpdatePlanningSettingsResponseSchema, { settings: settingsToProto(settings) });
    },

    async listCategoryBuffers(_req, ctx) {
      return create(ListCategoryBuffersResponseSchema, { categories: (await service.listCategoryBuffers(requestState(ctx))).map(categoryBuffersToProto) });
    },

    async setCategoryBuffers(req, ctx) {
      const category = await service.setCategoryBuffers(requestState(ctx), { categoryId: req.categoryId, buffers: buffersFromProto(req.buffers) });
      return create(SetCategoryBuffersResponseSchema, { category: categoryBuffersToProto(category) });
    },

    async clearCategoryBuffers(req, ctx) {
      return create(ClearCategoryBuffersResponseSchema, { category: categoryBuffersToProto(await service.clearCategoryBuffers(requestState(ctx), req.categoryId)) });
    },
  };
}

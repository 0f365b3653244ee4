// CRMService handlers: read the caller, convert, call one service method, convert back.
import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  AddActivityResponseSchema,
  CompleteTaskResponseSchema,
  CreateCompanyResponseSchema,
  CreateContactResponseSchema,
  CreateDealResponseSchema,
  CreateEventFromDealResponseSchema,
  CreatePipelineStageResponseSchema,
  DeletePipelineStageResponseSchema,
  GetCompanyResponseSchema,
  GetContactResponseSchema,
  GetDealResponseSchema,
  ListActivitiesResponseSchema,
  ListCompaniesResponseSchema,
  ListContactsResponseSchema,
  ListDealsResponseSchema,
  ListPipelineStagesResponseSchema,
  ListTasksResponseSchema,
  MoveDealResponseSchema,
  SearchCRMResponseSchema,
  UpdateCompanyResponseSchema,
  UpdateContactResponseSchema,
  UpdateDealResponseSchema,
  UpdatePipelineStageResponseSchema,
  type CRMService as CrmApi,
} from "@eventkit/api/eventkit/v1/crm_pb.js";
import type { CrmService } from "../service/crm.service.js";
import { requestState } from "./context.js";
import {
  activityInputFromProto,
  activityToProto,
  companyInputFromProto,
  companyRoleFromProto,
  companyToProto,
  contactInputFromProto,
  contactToProto,
  dealInputFromProto,
  dealToProto,
  hitToProto,
  stageChangeToProto,
  stageToProto,
} from "./crm.convert.js";
import { dateOf, versionOf } from "./inventory.convert.js";
import { eventInputFromProto, eventToProto } from "./planning.convert.js";

const orAbsent = (id: string): string | undefined => (id === "" ? undefined : id);
const orNull = (id: string): string | null => (id === "" ? null : id);

export function crmRpc(service: CrmService): ServiceImpl<typeof CrmApi> {
  return {
    // Companies

    async listCompanies(req, ctx) {
      const page = await service.listCompanies(requestState(ctx), { pageSize: req.pageSize, pageToken: req.pageToken, query: req.query, role: companyRoleFromProto(req.role), tag: req.tag });
      return create(ListCompaniesResponseSchema, { companies: page.items.map(companyToProto), nextPageToken: page.nextPageToken });
    },

    async getCompany(req, ctx) {
      const detail = await service.getCompany(requestState(ctx), req.companyId);
      return create(GetCompanyResponseSchema, { company: companyToProto(detail.company), contacts: detail.contacts.map(contactToProto), deals: detail.deals.map(dealToProto) });
    },

    async createCompany(req, ctx) {
      const result = await service.createCompany(requestState(ctx), { company: companyInputFromProto(req.company), allowDuplicate: req.allowDuplicate, requestId: orNull(req.requestId) });
      return create(CreateCompanyResponseSchema, { company: result.created && companyToProto(result.created), duplicates: result.duplicates.map(companyToProto) });
    },

    async updateCompany(req, ctx) {
      const company = await service.updateCompany(requestState(ctx), { companyId: req.companyId, version: versionOf(req.version), company: companyInputFromProto(req.company) });
      return create(UpdateCompanyResponseSchema, { company: companyToProto(company) });
    },

    // Contacts

    async listContacts(req, ctx) {
      const page = await service.listContacts(requestState(ctx), { pageSize: req.pageSize, pageToken: req.pageToken, companyId: orAbsent(req.companyId), query: req.query });
      return create(ListContactsResponseSchema, { contacts: page.items.map(contactToProto), nextPageToken: page.nextPageToken });
    },

    async getContact(req, ctx) {
      return create(GetContactResponseSchema, { contact: contactToProto(await service.getContact(requestState(ctx), req.contactId)) });
    },

    async createContact(req, ctx) {
      const result = await service.createContact(requestState(ctx), {
        companyId: req.companyId,
        contact: contactInputFromProto(req.contact),
        allowDuplicate: req.allowDuplicate,
        requestId: orNull(req.requestId),
      });
      return create(CreateContactResponseSchema, { contact: result.created && contactToProto(result.created), duplicates: result.duplicates.map(contactToProto) });
    },

    async updateContact(req, ctx) {
      const contact = await service.updateContact(requestState(ctx), { contactId: req.contactId, version: versionOf(req.version), contact: contactInputFromProto(req.contact) });
      return create(UpdateContactResponseSchema, { contact: contactToProto(contact) });
    },

    async searchCRM(req, ctx) {
      const hits = await service.search(requestState(ctx), { query: req.query, limit: req.limit });
      return create(SearchCRMResponseSchema, { hits: hits.map(hitToProto) });
    },

    // Activities

    async listActivities(req, ctx) {
      const page = await service.listActivities(requestState(ctx), {
        pageSize: req.pageSize,
        pageToken: req.pageToken,
        companyId: orAbsent(req.companyId),
        contactId: orAbsent(req.contactId),
        dealId: orAbsent(req.dealId),
      });
      return create(ListActivitiesResponseSchema, { activities: page.items.map(activityToProto), nextPageToken: page.nextPageToken });
    },

    async addActivity(req, ctx) {
      const activity = await service.addActivity(requestState(ctx), { activity: activityInputFromProto(req), requestId: orNull(req.requestId) });
      return create(AddActivityResponseSchema, { activity: activityToProto(activity) });
    },

    async completeTask(req, ctx) {
      return create(CompleteTaskResponseSchema, { activity: activityToProto(await service.completeTask(requestState(ctx), { activityId: req.activityId, done: req.done })) });
    },

    async listTasks(req, ctx) {
      const page = await service.listTasks(requestState(ctx), { pageSize: req.pageSize, pageToken: req.pageToken, dueBefore: dateOf(req.dueBefore), ownerUserId: orAbsent(req.ownerUserId) });
      return create(ListTasksResponseSchema, { tasks: page.items.map(activityToProto), nextPageToken: page.nextPageToken });
    },

    // Pipeline

    async listPipelineStages(_req, ctx) {
      return create(ListPipelineStagesResponseSchema, { stages: (await service.listStages(requestState(ctx))).map(stageToProto) });
    },

    async createPipelineStage(req, ctx) {
      const stage = await service.createStage(requestState(ctx), { name: req.name, position: req.position, winProbability: req.winProbability });
      return create(CreatePipelineStageResponseSchema, { stage: stageToProto(stage) });
    },

    async updatePipelineStage(req, ctx) {
      const stage = await service.updateStage(requestState(ctx), {
        stageId: req.stageId,
        version: versionOf(req.version),
        name: req.name,
        position: req.position,
        winProbability: req.winProbability,
      });
      return create(UpdatePipelineStageResponseSchema, { stage: stageToProto(stage) });
    },

    async deletePipelineStage(req, ctx) {
      await service.deleteStage(requestState(ctx), req.stageId);
      return create(DeletePipelineStageResponseSchema, {});
    },

    // Deals

    async listDeals(req, ctx) {
      const page = await service.listDeals(requestState(ctx), {
        pageSize: req.pageSize,
        pageToken: req.pageToken,
        stageId: orAbsent(req.stageId),
        companyId: orAbsent(req.companyId),
        ownerUserId: orAbsent(req.ownerUserId),
        query: req.query,
      });
      return create(ListDealsResponseSchema, { deals: page.items.map(dealToProto), nextPageToken: page.nextPageToken });
    },

    async getDeal(req, ctx) {
      const result = await service.getDeal(requestState(ctx), req.dealId);
      return create(GetDealResponseSchema, { deal: dealToProto(result.deal), stageChanges: result.stageChanges.map(stageChangeToProto) });
    },

    async createDeal(req, ctx) {
      const deal = await service.createDeal(requestState(ctx), { deal: dealInputFromProto(req.deal), stageId: orNull(req.stageId), requestId: orNull(req.requestId) });
      return create(CreateDealResponseSchema, { deal: dealToProto(deal) });
    },

    async updateDeal(req, ctx) {
      const deal = await service.updateDeal(requestState(ctx), { dealId: req.dealId, version: versionOf(req.version), deal: dealInputFromProto(req.deal) });
      return create(UpdateDealResponseSchema, { deal: dealToProto(deal) });
    },

    async moveDeal(req, ctx) {
      const deal = await service.moveDeal(requestState(ctx), { dealId: req.dealId, version: versionOf(req.version), stageId: req.stageId, lostReason: req.lostReason });
      return create(MoveDealResponseSchema, { deal: dealToProto(deal) });
    },

    async createEventFromDeal(req, ctx) {
      const result = await service.createEventFromDeal(requestState(ctx), { dealId: req.dealId, event: eventInputFromProto(req.event) });
      return create(CreateEventFromDealResponseSchema, { deal: dealToProto(result.deal), event: eventToProto(result.event) });
    },
  };
}

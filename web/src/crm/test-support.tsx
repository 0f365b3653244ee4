// Factories and a render helper for the CRM component tests.
import { create } from "@bufbuild/protobuf";
import type { ConnectRouter, ServiceImpl } from "@connectrpc/connect";
import { AuthService } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { CompanyRole, CompanySchema, CRMService, DealSchema, PipelineStageKind, PipelineStageSchema, type Company, type Deal, type PipelineStage } from "@eventkit/api/eventkit/v1/crm_pb.js";
import { PlanningService } from "@eventkit/api/eventkit/v1/planning_pb.js";
import type { LanguageCode } from "../i18n/languages.js";
import { planningHandlers } from "../planning/test-support.js";
import { newPrincipal, newTokens, newUser } from "../test/factories.js";
import { renderApp } from "../test/render.js";

export const cids = {
  company: "a1b2c3d4-0000-4000-8000-000000000001",
  contact: "a1b2c3d4-0000-4000-8000-000000000002",
  deal: "a1b2c3d4-0000-4000-8000-000000000003",
  lead: "a1b2c3d4-0000-4000-8000-000000000010",
  proposal: "a1b2c3d4-0000-4000-8000-000000000011",
  won: "a1b2c3d4-0000-4000-8000-000000000012",
  lost: "a1b2c3d4-0000-4000-8000-000000000013",
} as const;

export function newStages(): PipelineStage[] {
  return [
    create(PipelineStageSchema, { id: cids.lead, name: "Lead", position: 10, winProbability: 10, kind: PipelineStageKind.OPEN, version: 1n }),
    create(PipelineStageSchema, { id: cids.proposal, name: "Proposal", position: 30, winProbability: 50, kind: PipelineStageKind.OPEN, version: 1n }),
    create(PipelineStageSchema, { id: cids.won, name: "Won", position: 50, winProbability: 100, kind: PipelineStageKind.WON, version: 1n }),
    create(PipelineStageSchema, { id: cids.lost, name: "Lost", position: 60, winProbability: 0, kind: PipelineStageKind.LOST, version: 1n }),
  ];
}

export function newDeal(overrides: Partial<Omit<Deal, "$typeName">> = {}): Deal {
  return create(DealSchema, {
    id: cids.deal,
    number: "D-0007",
    title: "Gala 2031",
    companyId: cids.company,
    companyName: "Acme Events",
    contactId: cids.contact,
    contactName: "Mia Lang",
    stageId: cids.lead,
    stageKind: PipelineStageKind.OPEN,
    value: { amountMinor: 1_250_000n, currency: "EUR" },
    version: 1n,
    ...overrides,
  });
}

export function newCompany(overrides: Partial<Omit<Company, "$typeName">> = {}): Company {
  return create(CompanySchema, { id: cids.company, name: "Acme Events", roles: [CompanyRole.CLIENT], version: 1n, ...overrides });
}

/** The whole app at `path`, signed in with `permissions`, against an in-memory CRM service. */
export function renderCrm({
  path,
  crm,
  permissions = ["crm.read", "crm.manage", "planning.read", "planning.manage"],
  language = "en",
}: {
  path: string;
  crm: Partial<ServiceImpl<typeof CRMService>>;
  permissions?: string[];
  language?: LanguageCode;
}) {
  return renderApp({
    path,
    language,
    routes: (router: ConnectRouter) => {
      router.service(AuthService, {
        getCurrentUser: () => ({ principal: newPrincipal(permissions, newUser({ locale: language, timeZone: "Europe/Berlin" })) }),
        listUsers: () => ({ users: [] }),
      });
      router.service(PlanningService, planningHandlers());
      router.service(CRMService, { listActivities: () => ({ activities: [] }), listPipelineStages: () => ({ stages: newStages() }), ...crm });
    },
    before: (services) => { services.session.signIn(newTokens()); },
  });
}

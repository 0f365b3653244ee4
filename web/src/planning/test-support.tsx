// Factories and a render helper for the planning component tests.
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ConnectRouter, ServiceImpl } from "@connectrpc/connect";
import { AuthService } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { InventoryService } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import {
  EventSchema,
  EventStatus,
  LineKind,
  LineSource,
  OverbookingPolicy,
  PhaseKind,
  PhaseSchema,
  PlanningService,
  PullListLineSchema,
  PullListSectionSchema,
  type Event,
  type PullListLine,
  type PullListSection,
} from "@eventkit/api/eventkit/v1/planning_pb.js";
import { fireEvent } from "@testing-library/react";
import type { LanguageCode } from "../i18n/languages.js";
import { newPrincipal, newTokens, newUser } from "../test/factories.js";
import { renderApp } from "../test/render.js";
import { timeRange } from "./lookups.js";

// Mantine's autosizing Textarea listens to document.fonts, which happy-dom does not provide.
if (!("fonts" in document)) {
  Object.defineProperty(document, "fonts", { value: { addEventListener: () => undefined, removeEventListener: () => undefined } });
}

export const pids = {
  event: "6c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5",
  otherEvent: "7d2e3f4a-5b6c-4d7e-9f80-91a2b3c4d5e6",
  client: "8e3f4a5b-6c7d-4e8f-a091-a2b3c4d5e6f7",
  section: "9f4a5b6c-7d8e-4f90-b1a2-b3c4d5e6f708",
  spot: "0a5b6c7d-8e9f-4a01-82b3-c4d5e6f70819",
  cable: "1b6c7d8e-9fa0-4b12-93c4-d5e6f708192a",
  wash: "2c7d8e9f-a0b1-4c23-a4d5-e6f708192a3b",
  kit: "3d8e9fa0-b1c2-4d34-b5e6-f708192a3b4c",
  line: "4e9fa0b1-c2d3-4e45-86f7-08192a3b4c5d",
  kitLine: "5fa0b1c2-d3e4-4f56-9708-192a3b4c5d6e",
  washLine: "60b1c2d3-e4f5-4067-a819-2a3b4c5d6e7f",
  cableLine: "71c2d3e4-f506-4178-b92a-3b4c5d6e7f80",
  subHireLine: "82d3e4f5-0617-4289-8a3b-4c5d6e7f8091",
} as const;

const day = (iso: string) => new Date(iso);

export function newEvent(overrides: Partial<Omit<Event, "$typeName">> = {}): Event {
  return create(EventSchema, {
    id: pids.event,
    number: "EV-0042",
    name: "Summer Festival",
    status: EventStatus.PROVISIONAL,
    clientId: pids.client,
    clientName: "Acme Events",
    timeZone: "Europe/Berlin",
    phases: [
      create(PhaseSchema, { kind: PhaseKind.LOAD_OUT, period: timeRange(day("2026-06-05T06:00:00Z"), day("2026-06-05T10:00:00Z")) }),
      create(PhaseSchema, { kind: PhaseKind.SHOW, period: timeRange(day("2026-06-05T10:00:00Z"), day("2026-06-07T21:00:00Z")) }),
    ],
    outPeriod: timeRange(day("2026-06-05T06:00:00Z"), day("2026-06-07T21:00:00Z")),
    chargePeriod: timeRange(day("2026-06-05T10:00:00Z"), day("2026-06-07T21:00:00Z")),
    version: 3n,
    createdAt: timestampFromDate(day("2026-05-01T08:00:00Z")),
    updatedAt: timestampFromDate(day("2026-05-02T08:00:00Z")),
    ...overrides,
  });
}

export function newSection(overrides: Partial<Omit<PullListSection, "$typeName">> = {}): PullListSection {
  return create(PullListSectionSchema, { id: pids.section, name: "Lighting", position: 0, ...overrides });
}

export function newLine(overrides: Partial<Omit<PullListLine, "$typeName">> = {}): PullListLine {
  return create(PullListLineSchema, {
    id: pids.line,
    sectionId: pids.section,
    kind: LineKind.PRODUCT,
    productId: pids.spot,
    title: "Moving head spot",
    quantity: 24,
    source: LineSource.OWN_STOCK,
    position: 0,
    available: 24,
    shortage: 0,
    ...overrides,
  });
}

/** Lookups every planning screen makes, answered with small defaults; `overrides` replace them. */
export function planningHandlers(overrides: Partial<ServiceImpl<typeof PlanningService>> = {}): Partial<ServiceImpl<typeof PlanningService>> {
  return {
    listEvents: () => ({ events: [] }),
    listClients: () => ({ clients: [] }),
    listVenues: () => ({ venues: [] }),
    listProjects: () => ({ projects: [] }),
    listShortages: () => ({ shortages: [] }),
    listEventHistory: () => ({ entries: [] }),
    getPullList: () => ({ sections: [], lines: [] }),
    getPlanningSettings: () => ({ settings: { overbookingPolicy: OverbookingPolicy.WARN } }),
    ...overrides,
  };
}

/** The whole app at `path`, signed in with `permissions`, against in-memory Planning and Inventory services. */
export function renderPlanning({
  path,
  planning,
  inventory = {},
  permissions = ["planning.read", "planning.manage", "inventory.read"],
  language = "en",
  timeZone = "Europe/Berlin",
}: {
  path: string;
  planning?: Partial<ServiceImpl<typeof PlanningService>>;
  inventory?: Partial<ServiceImpl<typeof InventoryService>>;
  permissions?: string[];
  language?: LanguageCode;
  timeZone?: string;
}) {
  return renderApp({
    path,
    language,
    routes: (router: ConnectRouter) => {
      router.service(AuthService, {
        getCurrentUser: () => ({ principal: newPrincipal(permissions, newUser({ locale: language, timeZone })) }),
        listUsers: () => ({ users: [] }),
      });
      router.service(PlanningService, planningHandlers(planning));
      router.service(InventoryService, { listProducts: () => ({ products: [] }), ...inventory });
    },
    before: (services) => { services.session.signIn(newTokens()); },
  });
}

/** Types into a searchable select as a user would (Mantine ignores changes to an input that has no focus). */
export function search(input: HTMLElement, value: string): void {
  input.focus();
  fireEvent.click(input);
  fireEvent.change(input, { target: { value } });
}

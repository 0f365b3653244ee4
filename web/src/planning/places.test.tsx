import { create } from "@bufbuild/protobuf";
import {
  CategoryBuffersSchema,
  EventStatus,
  OverbookingPolicy,
  ProjectSchema,
  VenueSchema,
  type ArchiveVenueRequest,
  type CreateVenueRequest,
  type ListEventsRequest,
  type SetCategoryBuffersRequest,
  type UpdatePlanningSettingsRequest,
} from "@eventkit/api/eventkit/v1/planning_pb.js";
import { Code, ConnectError } from "@connectrpc/connect";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ErrorInfoSchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import { newEvent, pids, renderPlanning } from "./test-support.js";


const venueId = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";
const projectId = "b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e";
const lighting = "c3d4e5f6-a7b8-4c9d-8e1f-2a3b4c5d6e7f";
const heads = "d4e5f6a7-b8c9-4d0e-9f2a-3b4c5d6e7f80";

function venue(overrides: Partial<{ name: string; archived: boolean }> = {}) {
  return create(VenueSchema, {
    id: venueId,
    name: "Columbiahalle",
    address: "Columbiadamm 13, Berlin",
    latitude: 52.48,
    longitude: 13.39,
    accessNotes: "Dock at the back, 2 m door",
    contacts: "Lena, +49 30 123",
    version: 2n,
    ...overrides,
  });
}

function refusal(reason: string): ConnectError {
  const error = new ConnectError("refused", Code.FailedPrecondition);
  error.details.push({ desc: ErrorInfoSchema, value: { reason, domain: "eventkit", metadata: {} } });
  return error;
}

describe("venues", () => {
  it("lists venues with a link to each, and creates one that opens its page", async () => {
    const created: CreateVenueRequest[] = [];
    renderPlanning({
      path: "/planning/venues",
      planning: {
        listVenues: () => ({ venues: [venue(), venue({ name: "Old barn", archived: true })] }),
        createVenue: (request) => {
          created.push(request);
          return { venue: venue({ name: request.venue?.name ?? "" }) };
        },
        getVenue: () => ({ venue: venue() }),
      },
    });
    expect(await screen.findByRole("link", { name: "Columbiahalle" })).toBeTruthy();
    expect(screen.getByText("Archived")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "New venue" }));
    const form = await screen.findByRole("form", { name: "Venue" });
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));
    expect(await within(form).findByText("Enter a name.")).toBeTruthy();
    fireEvent.change(within(form).getByLabelText(/^Name/), { target: { value: "Tempodrom" } });
    fireEvent.change(within(form).getByLabelText(/Access and load-in/), { target: { value: "Gate 3" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));
    await waitFor(() => { expect(created).toHaveLength(1); });
    expect(created[0]?.venue).toMatchObject({ name: "Tempodrom", accessNotes: "Gate 3", latitude: 0, longitude: 0 });
    await waitFor(() => { expect(window.location.pathname).toBe(`/planning/venues/${venueId}`); });
  });

  it("shows a venue's access notes and events; archives it, and explains why it cannot be deleted", async () => {
    const archived: ArchiveVenueRequest[] = [];
    const listed: ListEventsRequest[] = [];
    renderPlanning({
      path: `/planning/venues/${venueId}`,
      planning: {
        getVenue: () => ({ venue: venue() }),
        listEvents: (request) => {
          listed.push(request);
          return { events: [newEvent({ venueId, status: EventStatus.CONFIRMED })] };
        },
        archiveVenue: (request) => {
          archived.push(request);
          return { venue: venue({ archived: true }) };
        },
        deleteVenue: () => {
          throw refusal("VENUE_IN_USE");
        },
      },
    });
    expect(await screen.findByRole("heading", { name: "Columbiahalle" })).toBeTruthy();
    expect(screen.getByText("Dock at the back, 2 m door")).toBeTruthy();
    expect(screen.getByText("52.48000, 13.39000")).toBeTruthy();
    expect(await screen.findByRole("link", { name: "Summer Festival" })).toBeTruthy();
    expect(screen.getByText("Confirmed")).toBeTruthy();
    expect(listed[0]?.venueId).toBe(venueId);
    fireEvent.click(screen.getByRole("button", { name: "Delete" }));
    expect(await screen.findByText("Events refer to this venue, so it cannot be deleted. Archive it instead.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Archive" }));
    await waitFor(() => { expect(archived).toEqual([expect.objectContaining({ venueId, archived: true })]); });
  });

  it("links the event page to its venue and project", async () => {
    renderPlanning({
      path: `/planning/events/${pids.event}`,
      planning: {
        getEvent: () => ({ event: newEvent({ venueId, projectId }) }),
        listVenues: () => ({ venues: [venue()] }),
        listProjects: () => ({ projects: [create(ProjectSchema, { id: projectId, name: "Autumn tour", version: 1n })] }),
      },
    });
    expect((await screen.findByRole("link", { name: "Columbiahalle" })).getAttribute("href")).toBe(`/planning/venues/${venueId}`);
    expect((await screen.findByRole("link", { name: "Autumn tour" })).getAttribute("href")).toBe(`/planning/projects/${projectId}`);
  });
});

describe("projects", () => {
  it("shows a project's events with dates and statuses", async () => {
    renderPlanning({
      path: `/planning/projects/${projectId}`,
      planning: {
        getProject: () => ({ project: create(ProjectSchema, { id: projectId, name: "Autumn tour", description: "12 shows in 6 cities", version: 1n }) }),
        listEvents: (request) => ({ events: request.projectId === projectId ? [newEvent({ projectId, status: EventStatus.PROVISIONAL })] : [] }),
      },
    });
    expect(await screen.findByRole("heading", { name: "Autumn tour" })).toBeTruthy();
    expect(screen.getByText("12 shows in 6 cities")).toBeTruthy();
    expect(await screen.findByRole("link", { name: "Summer Festival" })).toBeTruthy();
    expect(screen.getByText("Provisional")).toBeTruthy();
  });
});

describe("planning settings", () => {
  it("edits the general settings and a product group's buffers; shows what each category inherits", async () => {
    const saved: UpdatePlanningSettingsRequest[] = [];
    const set: SetCategoryBuffersRequest[] = [];
    renderPlanning({
      path: "/planning/settings",
      permissions: ["planning.read", "planning.manage", "inventory.read", "settings.manage"],
      planning: {
        getPlanningSettings: () => ({ settings: { overbookingPolicy: OverbookingPolicy.BLOCK, eventNumberPrefix: "EV-", bufferBeforeMinutes: 30, bufferAfterMinutes: 60 } }),
        updatePlanningSettings: (request) => {
          saved.push(request);
          return { settings: { overbookingPolicy: request.overbookingPolicy, eventNumberPrefix: request.eventNumberPrefix, bufferBeforeMinutes: request.bufferBeforeMinutes, bufferAfterMinutes: request.bufferAfterMinutes } };
        },
        listCategoryBuffers: () => ({
          categories: [
            create(CategoryBuffersSchema, { categoryId: lighting, name: "Lighting", own: { beforeMinutes: 120, afterMinutes: 240 }, effective: { beforeMinutes: 120, afterMinutes: 240 }, fromCategoryId: lighting }),
            create(CategoryBuffersSchema, { categoryId: heads, name: "Moving heads", parentId: lighting, effective: { beforeMinutes: 120, afterMinutes: 240 }, fromCategoryId: lighting }),
          ],
        }),
        setCategoryBuffers: (request) => {
          set.push(request);
          return { category: create(CategoryBuffersSchema, { categoryId: heads, name: "Moving heads" }) };
        },
      },
    });
    const table = await screen.findByRole("table", { name: "Turnaround buffers per product group" });
    expect(within(table).getByText("Inherited from Lighting")).toBeTruthy();
    expect(within(table).getAllByText("240 minutes")).toHaveLength(2);
    fireEvent.click(within(table).getByRole("button", { name: "Edit buffers of Moving heads" }));
    fireEvent.change(within(table).getByRole("textbox", { name: "Minutes after, Moving heads" }), { target: { value: "480" } });
    fireEvent.click(within(table).getByRole("button", { name: "Save" }));
    await waitFor(() => { expect(set).toEqual([expect.objectContaining({ categoryId: heads, buffers: expect.objectContaining({ beforeMinutes: 120, afterMinutes: 480 }) as unknown })]); });

    const general = screen.getByRole("form", { name: "General" });
    fireEvent.change(within(general).getByRole("textbox", { name: /Buffer after each booking/ }), { target: { value: "90" } });
    fireEvent.click(within(general).getByRole("button", { name: "Save" }));
    await waitFor(() => { expect(saved).toEqual([expect.objectContaining({ overbookingPolicy: OverbookingPolicy.BLOCK, eventNumberPrefix: "EV-", bufferBeforeMinutes: 30, bufferAfterMinutes: 90 })]); });
  });

  it("is read-only without settings.manage", async () => {
    renderPlanning({
      path: "/planning/settings",
      planning: {
        getPlanningSettings: () => ({ settings: { overbookingPolicy: OverbookingPolicy.WARN, eventNumberPrefix: "EV-" } }),
        listCategoryBuffers: () => ({ categories: [create(CategoryBuffersSchema, { categoryId: lighting, name: "Lighting", effective: { beforeMinutes: 0, afterMinutes: 0 } })] }),
      },
    });
    expect(await screen.findByText("Inherited from the general settings")).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Edit buffers/ })).toBeNull();
    expect(screen.queryByRole("button", { name: "Save" })).toBeNull();
  });
});

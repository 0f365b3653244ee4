import { create } from "@bufbuild/protobuf";
import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { ConnectError } from "@connectrpc/connect";
import { useQuery } from "@connectrpc/connect-query";
import { ErrorInfoSchema, TimeRangeSchema, type TimeRange } from "@eventkit/api/eventkit/v1/common_pb.js";
import { PlanningService, type Event } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { useMemo } from "react";
import { useUserFormat } from "../auth/current-user.js";

export interface Period {
  start: Date;
  end: Date;
}

/** A proto time range as dates; undefined when absent. */
export function periodOf(range: TimeRange | undefined): Period | undefined {
  if (!range?.start || !range.end) return undefined;
  return { start: timestampDate(range.start), end: timestampDate(range.end) };
}

export function timeRange(start: Date, end: Date): TimeRange {
  return create(TimeRangeSchema, { start: timestampFromDate(start), end: timestampFromDate(end) });
}

/** The zone an event's times are shown in: its own, else the viewer's. */
export function useEventZone(event: Pick<Event, "timeZone"> | undefined): string | undefined {
  const { timeZone } = useUserFormat();
  return event?.timeZone || timeZone;
}

/** Extra facts the server attached to an error (ErrorInfo.metadata), e.g. a shortage's numbers. */
export function errorMetadata(error: unknown): Record<string, string> {
  if (error === null || error === undefined) return {};
  return ConnectError.from(error).findDetails(ErrorInfoSchema)[0]?.metadata ?? {};
}

export interface NamedLookup {
  nameOf: (id: string) => string | undefined;
  options: { value: string; label: string }[];
  isPending: boolean;
}

/** Names of every item (archived ones too: events keep them); options only of those that can still be chosen. */
function lookup(items: readonly { id: string; name: string; archived?: boolean }[] | undefined, isPending: boolean): NamedLookup {
  const list = items ?? [];
  const byId = new Map(list.map((item) => [item.id, item.name]));
  return {
    nameOf: (id) => (id ? byId.get(id) : undefined),
    options: list.filter((item) => item.archived !== true).map((item) => ({ value: item.id, label: item.name })),
    isPending,
  };
}

/** Client companies (the CRM grows this; planning needs names). */
export function useClients(): NamedLookup {
  const query = useQuery(PlanningService.method.listClients, {});
  return useMemo(() => lookup(query.data?.clients, query.isPending), [query.data, query.isPending]);
}

export function useVenues(): NamedLookup {
  const query = useQuery(PlanningService.method.listVenues, { includeArchived: true });
  return useMemo(() => lookup(query.data?.venues, query.isPending), [query.data, query.isPending]);
}

export function useProjects(): NamedLookup {
  const query = useQuery(PlanningService.method.listProjects, { includeArchived: true });
  return useMemo(() => lookup(query.data?.projects, query.isPending), [query.data, query.isPending]);
}

import type { AvailabilitySegment, Booking } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { Box, Text, Tooltip, useDirection } from "@mantine/core";
import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from "react";
import { useTranslation } from "react-i18next";
import { useUserFormat } from "../auth/current-user.js";
import { formatNumber } from "../format.js";
import { placeBars } from "./calendar-layout.js";
import { addDays, dayStart, formatDayOfMonth, formatDayPeriod, formatShortDay, formatWeekday, spanDays } from "./dates.js";
import { statusLabel } from "./labels.js";
import { periodOf } from "./lookups.js";
import { barStyle } from "./ui.js";

export interface DayAvailability {
  day: string;
  /** Lowest available that day; undefined when no segment covers it. */
  available: number | undefined;
  supply: number;
  confirmed: number;
  provisional: number;
}

/** The lowest availability per day (in `zone`) from the segments of a timeline. */
export function availabilityByDay(days: readonly string[], segments: readonly AvailabilitySegment[], zone: string | undefined): DayAvailability[] {
  const parsed = segments.flatMap((segment) => {
    const period = periodOf(segment.period);
    return period ? [{ segment, start: period.start.getTime(), end: period.end.getTime() }] : [];
  });
  return days.map((day) => {
    const from = dayStart(day, zone).getTime();
    const to = dayStart(addDays(day, 1), zone).getTime();
    const touching = parsed.filter((entry) => entry.start < to && entry.end > from);
    if (touching.length === 0) return { day, available: undefined, supply: 0, confirmed: 0, provisional: 0 };
    const worst = touching.reduce((low, entry) => (entry.segment.available < low.segment.available ? entry : low));
    return {
      day,
      available: worst.segment.available,
      supply: worst.segment.supply,
      confirmed: worst.segment.confirmed,
      provisional: worst.segment.provisional,
    };
  });
}

/** Red below zero; light red below what is needed; yellow when nothing is left; green otherwise. */
function stripColor(available: number | undefined, needed: number): { background: string; color?: string } {
  if (available === undefined) return { background: "var(--mantine-color-default-hover)" };
  if (available < 0) return { background: "var(--mantine-color-red-filled)", color: "var(--mantine-color-white)" };
  if (available < needed) return { background: "var(--mantine-color-red-light)", color: "var(--mantine-color-red-light-color)" };
  if (available === 0) return { background: "var(--mantine-color-yellow-light)" };
  return { background: "var(--mantine-color-green-light)" };
}

export interface Preview {
  eventId: string;
  /** Days the event is moved by. */
  shift: number;
}

/**
 * A product's bookings as bars over days, with an availability strip that
 * turns red below zero. Bars can be selected, and dragged sideways to preview
 * a move by whole days (buttons do the same, for keyboards and touch).
 */
export function TimelineChart({
  days,
  zone,
  bookings,
  segments,
  selectedEventId,
  preview,
  onSelect,
  onShift,
  label,
  needed = 0,
  focus,
}: {
  days: readonly string[];
  zone: string | undefined;
  bookings: readonly Booking[];
  segments: readonly AvailabilitySegment[];
  selectedEventId?: string;
  preview?: Preview;
  onSelect?: (eventId: string) => void;
  onShift?: (eventId: string, shift: number) => void;
  label: string;
  /** Units wanted: days with fewer available turn red. */
  needed?: number;
  /** Days of interest; the others are shown dimmed for context. */
  focus?: { first: string; last: string };
}) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const { dir } = useDirection();
  const grid = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ eventId: string; x: number; base: number; moved: boolean } | undefined>();
  const first = days[0] ?? "";
  const strip = availabilityByDay(days, segments, zone);
  const byEvent = new Map(bookings.map((booking) => [booking.eventId, booking]));
  const spans = bookings.flatMap((booking) => {
    const period = periodOf(booking.period);
    if (!period) return [];
    return [{ id: booking.eventId, ...spanDays(period.start, period.end, zone) }];
  });
  const bars = placeBars(spans, first, days.length);
  const lanes = Math.max(1, ...bars.map((bar) => bar.lane + 1));
  const previewSpan = preview && preview.shift !== 0 ? spans.find((span) => span.id === preview.eventId) : undefined;
  const ghost = previewSpan
    ? placeBars([{ id: previewSpan.id, first: addDays(previewSpan.first, preview?.shift ?? 0), last: addDays(previewSpan.last, preview?.shift ?? 0) }], first, days.length)[0]
    : undefined;
  const ghostLane = bars.find((bar) => bar.id === preview?.eventId)?.lane ?? 0;
  const columns = `repeat(${days.length}, minmax(28px, 1fr))`;

  // Bring the selected booking into view when the chart scrolls sideways (phones, long ranges).
  useEffect(() => {
    if (!selectedEventId) return;
    const bar = grid.current?.querySelector<HTMLElement>(`[data-booking="${selectedEventId}"]`);
    if (bar && typeof bar.scrollIntoView === "function") bar.scrollIntoView({ block: "nearest", inline: "center" });
  }, [selectedEventId]);

  const dayWidth = () => (grid.current ? grid.current.clientWidth / Math.max(1, days.length) : 32);
  const onPointerDown = (eventId: string) => (pointer: ReactPointerEvent<HTMLElement>) => {
    if (!onShift || pointer.button !== 0) return;
    pointer.currentTarget.setPointerCapture(pointer.pointerId);
    setDrag({ eventId, x: pointer.clientX, base: preview?.eventId === eventId ? preview.shift : 0, moved: false });
  };
  const onPointerMove = (pointer: ReactPointerEvent<HTMLElement>) => {
    if (!drag || !onShift) return;
    const delta = Math.round(((pointer.clientX - drag.x) / dayWidth()) * (dir === "rtl" ? -1 : 1));
    if (delta !== 0 || drag.moved) {
      if (!drag.moved) setDrag({ ...drag, moved: true });
      onShift(drag.eventId, drag.base + delta);
    }
  };
  const onPointerUp = (eventId: string) => () => {
    if (drag && !drag.moved) onSelect?.(eventId);
    setDrag(undefined);
  };

  return (
    <Box style={{ overflowX: "auto" }} role="region" aria-label={label} tabIndex={0}>
      <Box ref={grid} style={{ display: "grid", gridTemplateColumns: columns, minWidth: days.length * 28 }}>
        {days.map((day, index) => (
          <Box
            key={day}
            data-day={day}
            title={formatShortDay(day, locale)}
            style={{
              gridColumn: index + 1,
              textAlign: "center",
              paddingBlock: 2,
              borderInlineStart: index === 0 ? undefined : "1px solid var(--mantine-color-default-border)",
              background: [6, 0].includes(new Date(`${day}T00:00:00Z`).getUTCDay()) ? "var(--mantine-color-default-hover)" : undefined,
              opacity: focus && (day < focus.first || day > focus.last) ? 0.45 : 1,
            }}
          >
            <Text size="xs" c="dimmed" lh={1.1}>
              {formatWeekday(day, locale, "short").slice(0, 2)}
            </Text>
            <Text size="xs" fw={600} lh={1.2}>
              {formatDayOfMonth(day, locale)}
            </Text>
          </Box>
        ))}
        {strip.map((cell, index) => (
          <Tooltip
            key={cell.day}
            withinPortal
            label={
              cell.available === undefined
                ? formatShortDay(cell.day, locale)
                : t("planning.timeline.stripTooltip", {
                    day: formatShortDay(cell.day, locale),
                    available: formatNumber(cell.available, locale),
                    supply: formatNumber(cell.supply, locale),
                    confirmed: formatNumber(cell.confirmed, locale),
                    provisional: formatNumber(cell.provisional, locale),
                  })
            }
          >
            <Box
              data-available-day={cell.day}
              data-available={cell.available ?? ""}
              style={{
                gridColumn: index + 1,
                gridRow: 2,
                textAlign: "center",
                fontSize: "var(--mantine-font-size-xs)",
                fontWeight: 700,
                paddingBlock: 4,
                borderInlineStart: index === 0 ? undefined : "1px solid var(--mantine-color-body)",
                fontVariantNumeric: "tabular-nums",
                ...stripColor(cell.available, needed),
                opacity: focus && (cell.day < focus.first || cell.day > focus.last) ? 0.45 : 1,
              }}
            >
              {cell.available === undefined ? "·" : formatNumber(cell.available, locale)}
            </Box>
          </Tooltip>
        ))}
        {bars.map((bar) => {
          const booking = byEvent.get(bar.id);
          if (!booking) return null;
          const selected = bar.id === selectedEventId;
          const period = periodOf(booking.period);
          const text = `${booking.eventNumber} · ${booking.eventName} · ×${formatNumber(booking.quantity, locale)}`;
          return (
            <Box
              key={bar.id}
              component="button"
              type="button"
              data-booking={bar.id}
              data-days={bar.days.join(" ")}
              aria-pressed={selected}
              aria-label={t("planning.timeline.bookingLabel", {
                number: booking.eventNumber,
                name: booking.eventName,
                status: statusLabel(t, booking.status),
                quantity: formatNumber(booking.quantity, locale),
                period: period ? formatDayPeriod(period.start, period.end, locale, zone) : "",
              })}
              title={text}
              onPointerDown={onPointerDown(bar.id)}
              onPointerMove={onPointerMove}
              onPointerUp={onPointerUp(bar.id)}
              onClick={(click) => {
                // Keyboard activation (pointer clicks are handled on pointer up).
                if (click.detail === 0) onSelect?.(bar.id);
              }}
              style={{
                ...barStyle(booking.status),
                gridColumn: `${bar.column} / span ${bar.span}`,
                gridRow: bar.lane + 3,
                marginBlock: 2,
                marginInline: 1,
                padding: "3px 6px",
                border: "none",
                borderInlineStart: barStyle(booking.status).borderInlineStart,
                outline: selected ? "2px solid var(--mantine-color-blue-filled)" : undefined,
                outlineOffset: 1,
                borderRadius: 4,
                textAlign: "start",
                whiteSpace: "nowrap",
                overflow: "hidden",
                textOverflow: "ellipsis",
                fontSize: "var(--mantine-font-size-xs)",
                fontFamily: "inherit",
                cursor: onShift ? (drag ? "grabbing" : "grab") : onSelect ? "pointer" : "default",
                touchAction: selected && onShift ? "none" : "auto",
                opacity: preview && preview.eventId === bar.id && preview.shift !== 0 ? 0.45 : 1,
              }}
            >
              {text}
            </Box>
          );
        })}
        {ghost ? (
          <Box
            aria-hidden
            data-preview={ghost.days.join(" ")}
            style={{
              gridColumn: `${ghost.column} / span ${ghost.span}`,
              gridRow: ghostLane + 3,
              marginBlock: 2,
              marginInline: 1,
              border: "2px dashed var(--mantine-color-blue-filled)",
              borderRadius: 4,
              background: "color-mix(in srgb, var(--mantine-color-blue-light) 50%, transparent)",
              pointerEvents: "none",
              zIndex: 1,
            }}
          />
        ) : null}
        {bookings.length === 0 ? (
          <Text size="sm" c="dimmed" p="xs" style={{ gridColumn: `1 / span ${days.length}`, gridRow: 3 }}>
            {t("planning.timeline.noBookings")}
          </Text>
        ) : null}
        <Box style={{ gridColumn: 1, gridRow: `3 / span ${lanes}` }} />
      </Box>
    </Box>
  );
}

import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { formatNumber } from "../format.js";
import { formatPeriod } from "./dates.js";
import { newEvent, newLine, newSection, pids, renderPlanning } from "./test-support.js";

describe("planning in Arabic", () => {
  it("renders the event page right-to-left with translated labels, Arabic digits and left-to-right codes", async () => {
    const event = newEvent();
    renderPlanning({
      path: `/planning/events/${pids.event}`,
      language: "ar",
      planning: {
        getEvent: () => ({ event }),
        getPullList: () => ({ sections: [newSection({ name: "الإضاءة" })], lines: [newLine({ quantity: 24, available: 20, shortage: 4 })] }),
      },
    });
    expect(await screen.findByRole("heading", { name: "Summer Festival", level: 2 })).toBeTruthy();
    await waitFor(() => { expect(document.documentElement.dir).toBe("rtl"); });

    const nav = screen.getByRole("navigation", { name: "التنقل الرئيسي" });
    const links = within(nav).getAllByRole("link").map((link) => link.textContent);
    expect(links.slice(0, 5)).toEqual(["الرئيسية", "الفعاليات", "التقويم", "الجدول الزمني للمنتج", "التوفر"]);
    expect(within(nav).getByText("التخطيط")).toBeTruthy();

    expect(screen.getByText("مبدئي")).toBeTruthy();
    expect(within(screen.getByRole("group", { name: "تغيير الحالة" })).getAllByRole("button").map((button) => button.textContent)).toEqual([
      "إعادة إلى استفسار",
      "تأكيد",
      "إلغاء الفعالية",
    ]);
    expect(screen.getByText("EV-0042").getAttribute("dir")).toBe("ltr");
    // Dates in the event's zone, in the Arabic locale.
    const out = event.outPeriod;
    if (!out?.start || !out.end) throw new Error("expected an out-period");
    expect(screen.getByText(formatPeriod(new Date(Number(out.start.seconds) * 1000), new Date(Number(out.end.seconds) * 1000), "ar", "Europe/Berlin"))).toBeTruthy();

    const list = await screen.findByRole("list", { name: "الإضاءة" });
    const [line] = within(list).getAllByRole("listitem");
    expect(line?.textContent).toContain(`ناقص ${formatNumber(4, "ar")}`);
    expect(within(list).getByRole("button", { name: "تغطية باستئجار خارجي" })).toBeTruthy();
    expect(screen.getByRole("tab", { name: "قائمة التجهيز" })).toBeTruthy();
  });
});

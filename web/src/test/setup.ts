import { cleanup, configure } from "@testing-library/react";
import { afterEach, vi } from "vitest";

// A shared 2-core machine can be slow to render: queries wait longer before giving up, and so do tests.
// No assertion depends on timing; these are only how long to wait for the app.
configure({ asyncUtilTimeout: 10_000 });
vi.setConfig({ testTimeout: 60_000 });

// Mantine reads these browser APIs, which happy-dom does not provide.
Object.defineProperty(window, "matchMedia", {
  writable: true,
  // Never matches: components render their phone layout.
  value: (query: string) => {
    const list: Omit<MediaQueryList, "addListener" | "removeListener"> = {
      matches: false,
      media: query,
      onchange: null,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    };
    return list;
  },
});

class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
Object.defineProperty(window, "ResizeObserver", { writable: true, value: ResizeObserverStub });
Object.defineProperty(globalThis, "ResizeObserver", { writable: true, value: ResizeObserverStub });

afterEach(() => {
  cleanup();
  window.localStorage.clear();
  document.documentElement.removeAttribute("dir");
  document.documentElement.removeAttribute("lang");
  window.history.replaceState(null, "", "/");
});

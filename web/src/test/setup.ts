import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

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

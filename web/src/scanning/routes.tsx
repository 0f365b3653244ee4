import type { ReactNode } from "react";
import { matchScanningRoute } from "./paths.js";
import { SessionPage } from "./session-page.js";
import { StartPage } from "./start-page.js";

export interface ScanningScreen {
  /** Permission needed to open it. */
  permission: string;
  element: ReactNode;
}

/** The scanning screen for an address, or undefined when the address is not one. */
export function scanningScreen(pathname: string): ScanningScreen | undefined {
  const route = matchScanningRoute(pathname);
  if (!route) return undefined;
  switch (route.page) {
    case "start":
      return { permission: "scanning.read", element: <StartPage /> };
    // Keyed by id so moving from one session to another starts with fresh state.
    case "session":
      return { permission: "scanning.read", element: <SessionPage key={route.id} id={route.id} /> };
  }
}

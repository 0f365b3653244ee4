import { useSyncExternalStore, type MouseEvent } from "react";

// A small pathname router: history.pushState plus a change event.
const changeEvent = "eventkit:navigate";

export interface Location {
  pathname: string;
  hash: string;
}

let cached: Location = { pathname: "", hash: "" };

function snapshot(): Location {
  const { pathname, hash } = window.location;
  if (pathname !== cached.pathname || hash !== cached.hash) cached = { pathname, hash };
  return cached;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener("popstate", listener);
  window.addEventListener("hashchange", listener);
  window.addEventListener(changeEvent, listener);
  return () => {
    window.removeEventListener("popstate", listener);
    window.removeEventListener("hashchange", listener);
    window.removeEventListener(changeEvent, listener);
  };
}

export function useLocation(): Location {
  return useSyncExternalStore(subscribe, snapshot);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  window.dispatchEvent(new Event(changeEvent));
}

/** Follows a link in-app unless the user asked for a new tab or window. */
export function followLink(event: MouseEvent<HTMLElement>, to: string): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return;
  }
  event.preventDefault();
  navigate(to);
}

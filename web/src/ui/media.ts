import { useMediaQuery } from "@mantine/hooks";

/** True on screens at least Mantine's `sm` breakpoint (48em) wide. */
export function useWideScreen(): boolean {
  return useMediaQuery("(min-width: 48em)");
}

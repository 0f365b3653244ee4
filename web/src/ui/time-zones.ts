let cached: string[] | undefined;

/** IANA time zones the browser knows, for a searchable select. */
export function timeZones(): string[] {
  if (cached === undefined) {
    const zones = Intl.supportedValuesOf("timeZone");
    cached = zones.includes("UTC") ? zones : ["UTC", ...zones];
  }
  return cached;
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

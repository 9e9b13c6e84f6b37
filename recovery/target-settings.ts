// What a reset leaves on a Photon: dynamic IP, the internal antenna, no
// stored networks. Said once; every check of a reset compares with it.
import { effectiveAntenna, type DctSettings } from "../model/dct.ts";
import type { Report } from "../model/host-api.ts";

export const TARGET = { antenna: "internal", ipSource: "dynamic", credentials: 0 } as const;

/** The program's own account of its result meets the target. */
export const reportMeetsTarget = (after: Report["after"]) =>
  after.antenna === TARGET.antenna && after.ipSource === TARGET.ipSource && after.credentials === TARGET.credentials;

/** Stored settings that keep a Photon off line: what a reset changes. */
export const storageNeedsReset = (dct: DctSettings) => dct.ipSource !== TARGET.ipSource || effectiveAntenna(dct) !== TARGET.antenna;

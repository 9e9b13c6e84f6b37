// The Photon's own scan list in the page's Wi-Fi form: one radio button per
// network it sees (strongest first, signal and security shown), "a hidden
// network..." last; choosing one fills in the name and the security from the
// scan. A network the Photon does not see is warned about before anything is
// sent, beside the form; sending it again goes on (the owner's choice).
import type { ScanList } from "../model/wifi-scan-list.ts";
import { networkChoices, notSeenWarning, OTHER_NETWORK, scannedSecurity } from "../recovery/scan-list.ts";
import { $ } from "./page.ts";

let shown: ScanList | null = null;
/** The network the owner was warned about: sent if they send it again. */
let warnedFor: string | null = null;

export function forgetNetworks(): void {
  shown = null;
  warnedFor = null;
  $("networks").hidden = true;
  $("network-list").replaceChildren();
}

function choose(value: string): void {
  if (value === OTHER_NETWORK) {
    $<HTMLInputElement>("ssid").value = "";
    $("ssid").focus();
    return;
  }
  $<HTMLInputElement>("ssid").value = value;
  const security = shown && scannedSecurity(shown, value);
  const select = $<HTMLSelectElement>("security");
  if (security && [...select.options].some((o) => o.value === security)) select.value = security;
  $("password-row").hidden = select.value === "open";
  (select.value === "open" ? $("wifi-send") : $("password")).focus();
}

/** The list as radio buttons (none when the Photon gave no list). */
export function renderNetworks(list: ScanList | null): void {
  forgetNetworks();
  shown = list;
  if (!list) return;
  const rows = networkChoices(list).map(({ value, label }, i) => {
    const row = document.createElement("label");
    row.className = "network";
    const input = document.createElement("input");
    input.type = "radio";
    input.name = "network";
    input.value = value;
    input.id = `network-${i}`;
    input.addEventListener("change", () => choose(value));
    row.append(input, ` ${label}`);
    return row;
  });
  $("network-list").replaceChildren(...rows);
  $("networks").hidden = false;
}

/** Before sending: a warning for a network the Photon does not see, the first time (then true: hold it back). */
export function holdBackUnseen(ssid: string): string | null {
  const warning = notSeenWarning(ssid, shown);
  if (!warning || warnedFor === ssid) return null;
  warnedFor = ssid;
  return `${warning} To send it anyway, click “Send to the Photon” again.`;
}

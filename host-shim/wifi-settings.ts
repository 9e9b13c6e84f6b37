// The Wi-Fi part of a Photon's DCT (Device OS 2.3.1): persisted in flash, so it
// survives reset, power loss and flashing a new user part.
import type { AntennaName, IpSourceName } from "../model/host-api.ts";
import { isEnterprise, type Credential } from "../model/wifi.ts";

export { SECURITIES, isEnterprise, type Credential, type Security } from "../model/wifi.ts";

/**
 * A stored network as wlan_join sees it: `wiced` is the wiced_security_t it
 * was stored with (device-os/wlan-credentials.ts toSecurity); absent, the
 * value a network of this security stored without a cipher question has.
 */
export type StoredCredential = Credential & { wiced?: number };

export interface StaticIpConfig {
  host: string;
  netmask: string;
  gateway: string;
  dns: string;
}

/** CONFIG_AP_LIST_SIZE, hal/src/photon/wiced/platform/include/platform_dct.h */
export const CREDENTIAL_SLOTS = 5;


export class WifiSettings {
  antenna: AntennaName = "internal";
  /**
   * The DCT's antenna byte when it is not one of the named values: 0xFF
   * (never set; fetch_antenna_selection reads it as internal) or an invalid
   * byte (read back as it is). Null: the byte is `antenna`'s. Selecting an
   * antenna writes the byte (save_antenna_selection).
   */
  antennaByte: number | null = null;
  ipSource: IpSourceName = "dynamic";
  staticIp: StaticIpConfig | null = null;
  /** Slot order as stored; an empty slot is null. */
  readonly slots: (StoredCredential | null)[] = new Array(CREDENTIAL_SLOTS).fill(null);

  /**
   * wlan_set_credentials (hal/src/photon/wlan_hal.cpp): the same SSID is
   * replaced in place; only one enterprise network is kept; otherwise every
   * slot shifts one along, the new network takes slot 0 and slot 4 is dropped.
   */
  setCredentials(credential: StoredCredential): void {
    let replace = this.slots.findIndex((c) => c?.ssid === credential.ssid);
    if (isEnterprise(credential.security)) {
      this.slots.forEach((c, i) => {
        if (!c || !isEnterprise(c.security)) return;
        if (replace < 0) replace = i;
        else if (i !== replace) this.slots[i] = null;
      });
    }
    if (replace < 0) {
      this.slots.pop();
      this.slots.unshift(null);
      replace = 0;
    }
    this.slots[replace] = { ...credential };
  }

  clearCredentials(): void {
    this.slots.fill(null);
  }

  credentials(): StoredCredential[] {
    return this.slots.filter((c): c is StoredCredential => c !== null);
  }
}

// A Photon on Wi-Fi that does not reach the cloud (cloud status stays
// "connecting": Device OS tries only once the network is ready,
// system_task.cpp establish_cloud_connection), told apart by what its DCT
// holds, without the owner's Particle login. Over USB nothing else tells the
// causes apart: the LED's flash is not readable, and the status reads the same.
import { BUILT_IN_SERVER_KEY_FROM, explainServerKey, type ServerKeyCheck } from "./server-key.ts";

export type CloudFailure =
  /** The DCT's server key stops the handshake: writing Particle's fixes it, here. */
  | { cause: "server-key"; fixableHere: true; summary: string; nextStep: string }
  /** The server key is fine: the cloud does not know the device's key, or the network blocks the cloud. Needs the owner. */
  | { cause: "device-key-or-network"; fixableHere: false; summary: string; nextStep: string };

export function cloudFailureCause(check: ServerKeyCheck, systemModuleVersion: number, deviceId: string): CloudFailure {
  const keyStopsIt = check.verdict === "wrong" || (check.verdict === "blank" && systemModuleVersion < BUILT_IN_SERVER_KEY_FROM);
  if (keyStopsIt) {
    return { cause: "server-key", fixableHere: true,
      summary: `On Wi-Fi, but the cloud's handshake fails: ${explainServerKey(check, systemModuleVersion)}`,
      nextStep: "Write Particle's server key to the Photon (over DFU, as `particle keys server` does), then let it connect again." };
  }
  return { cause: "device-key-or-network", fixableHere: false,
    summary: "On Wi-Fi, and its server key is Particle's, but it does not reach the cloud: most likely the cloud does not know this Photon's own key (it was made anew on the device and never sent); less often the network blocks TCP port 5683.",
    nextStep: `Run \`particle keys doctor ${deviceId}\` with the Photon on USB: it makes a new key on the Photon and sends its public half to the cloud, which only the Photon's owner may do, so it needs your Particle login (\`particle login\`) and OpenSSL. If the Photon still blinks cyan, check that the network lets TCP port 5683 out.` };
}

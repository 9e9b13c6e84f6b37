// System control requests a Photon answers besides the ones its lifecycle
// needs (system/src/system_control_internal.cpp SystemControl::processRequest
// at v2.3.1, with control/config.cpp and control/cloud.cpp; compiled for the
// Photon: HAL_PLATFORM_USB_CONTROL_INTERFACE is 1 there).
import { CLOUD_STATUS, DIAG_ID, encodeDiagnostics } from "../../model/diagnostics.ts";
import type { DeviceOs } from "../device-os/system.ts";
import type { ControlReply } from "./control-endpoint.ts";

export const SYSTEM_REQUEST = { DIAGNOSTIC_INFO: 100 } as const;
/** system_error_t (services/inc/system_error.h). */
const ERROR = { NOT_SUPPORTED: -120 } as const;

/** The system's answer, or null when this file does not model the request. */
export function systemRequest(os: DeviceOs, type: number, data: Buffer): ControlReply | null {
  switch (type) {
    case SYSTEM_REQUEST.DIAGNOSTIC_INFO:
      // Querying a part of the diagnostic data is not supported (a request with data).
      if (data.length > 0) return { result: ERROR.NOT_SUPPORTED };
      return { result: 0, data: encodeDiagnostics([
        [DIAG_ID.NETWORK_CONNECTION_STATUS, os.networkStatus],
        [DIAG_ID.CLOUD_CONNECTION_STATUS, os.cloudConnected ? CLOUD_STATUS.CONNECTED : CLOUD_STATUS.DISCONNECTED],
      ]) };
    default:
      return null;
  }
}

// System control requests a Photon answers besides the ones its lifecycle
// needs (system/src/system_control_internal.cpp SystemControl::processRequest,
// system/src/control/config.cpp and control/cloud.cpp at v2.3.1; compiled for
// the Photon: HAL_PLATFORM_USB_CONTROL_INTERFACE is 1 there). Which release
// has which: model/system-requests-by-release.ts; how each is answered: here.
import protobufModule from "@particle/device-os-protobuf";
import { CLOUD_STATUS, DIAG_ID, encodeDiagnostics } from "../../model/diagnostics.ts";
import { answersSystemRequest, SYSTEM_REQUEST } from "../../model/system-requests-by-release.ts";
import { decodeServerAddress, SERVER_KEY_SEGMENT, storedServerPort } from "../../model/server-key.ts";
import type { DeviceOs } from "../device-os/system.ts";
import type { ControlReply } from "./control-endpoint.ts";

const protobuf = protobufModule as unknown as { encode(name: string, m: object): Buffer; decode(name: string, b: Buffer): Record<string, unknown> };

/** system_error_t (services/inc/system_error.h). */
const ERROR = { NOT_SUPPORTED: -120, NOT_FOUND: -170 } as const;
/** server_protocol_type (ota_flash_hal_stm32f2xx.h): the Photon stores only the TCP address (HAL_PLATFORM_CLOUD_UDP is 0). */
const TCP_SERVER_PROTOCOL = 1;

export interface SystemRequestDevice {
  os: DeviceOs;
  id: string;
  systemVersion: string;
  systemModuleVersion: number;
  /** The DCT's claimed byte is '1' (HAL_IsDeviceClaimed, ota_flash_hal_stm32f2xx.cpp). */
  claimed: boolean;
  /** The DCT's server key field (offset 2082): the address sits at +384 (DCT_SERVER_ADDRESS_OFFSET). */
  serverKeyField: Uint8Array;
}

const reply = (name: string, message: object = {}): ControlReply => ({ result: 0, data: protobuf.encode(name, message) });

/** The system's answer, or null when this release does not answer the request here (the caller goes on). */
export function systemRequest(device: SystemRequestDevice, type: number, data: Buffer): ControlReply | null {
  const { os } = device;
  if (!answersSystemRequest(device.systemModuleVersion, type)) return null;
  switch (type) {
    case SYSTEM_REQUEST.ECHO: // config::echo: the request's data back
      return { result: 0, data: Buffer.from(data) };
    case SYSTEM_REQUEST.DEVICE_ID: // config::getDeviceId: bytes2hexbuf_lower_case
      return reply("GetDeviceIdReply", { id: device.id.toLowerCase() });
    case SYSTEM_REQUEST.SYSTEM_VERSION: // config::getSystemVersion: SYSTEM_VERSION_STRING
      return reply("GetSystemVersionReply", { version: device.systemVersion });
    case SYSTEM_REQUEST.GET_SYSTEM_CAPABILITIES: // no COMPRESSED_OTA: HAL_PLATFORM_COMPRESSED_BINARIES is 0 on the Photon
      return reply("GetSystemCapabilitiesReply", { flags: 0 });
    case SYSTEM_REQUEST.DIAGNOSTIC_INFO:
      // Querying a part of the diagnostic data is not supported (a request with data).
      if (data.length > 0) return { result: ERROR.NOT_SUPPORTED };
      return { result: 0, data: encodeDiagnostics([
        [DIAG_ID.NETWORK_CONNECTION_STATUS, os.networkStatus],
        [DIAG_ID.CLOUD_CONNECTION_STATUS, os.cloudConnected ? CLOUD_STATUS.CONNECTED : CLOUD_STATUS.DISCONNECTED],
      ]) };
    case SYSTEM_REQUEST.IS_CLAIMED:
      return reply("IsClaimedReply", { claimed: device.claimed });
    case SYSTEM_REQUEST.GET_SERVER_ADDRESS:
      return serverAddress(device.serverKeyField, data);
    case SYSTEM_REQUEST.GET_SERVER_PROTOCOL:
      // config::handleGetServerProtocolRequest: FEATURE_CLOUD_UDP is off without HAL_PLATFORM_CLOUD_UDP (0 on the Photon: hal_platform_compat.h).
      return reply("GetServerProtocolReply", { protocol: 1 }); // TCP_PROTOCOL
    case SYSTEM_REQUEST.START_NYAN_SIGNAL: // Spark_Signal: the LED's rainbow, not modelled
    case SYSTEM_REQUEST.STOP_NYAN_SIGNAL:
      return { result: 0 };
    case SYSTEM_REQUEST.CLOUD_CONNECT: // spark_cloud_flag_connect
      return { result: 0, afterReply: () => os.connect() };
    case SYSTEM_REQUEST.CLOUD_DISCONNECT: // spark_cloud_flag_disconnect
      return { result: 0, afterReply: () => os.disconnectCloud() };
    default:
      return null;
  }
}

/**
 * config::handleGetServerAddressRequest: load_server_address reads the DCT's
 * address with parseServerAddressData; anything but TCP is NOT_SUPPORTED
 * (dctAddressForProtocolType), an invalid type byte (0xFF: never written) is
 * NOT_FOUND, an IP address comes back as dotted text, and the port as stored
 * (0xFFFF when erased: the default 5683 is applied only when connecting).
 */
function serverAddress(serverKeyField: Uint8Array, data: Buffer): ControlReply {
  const { protocol } = protobuf.decode("GetServerAddressRequest", data);
  if (protocol !== TCP_SERVER_PROTOCOL) return { result: ERROR.NOT_SUPPORTED };
  const field = serverKeyField.subarray(SERVER_KEY_SEGMENT.addressOffset, SERVER_KEY_SEGMENT.addressOffset + SERVER_KEY_SEGMENT.addressSize);
  const address = decodeServerAddress(field);
  if (address.kind === "invalid") return { result: ERROR.NOT_FOUND };
  return reply("GetServerAddressReply", { address: address.host, port: storedServerPort(field) });
}

// How the CLI tells USB and serial errors apart (the interfaces themselves
// are the model's: model/device.ts).
// A default import of particle-usb's error module alone (not createRequire, not
// the package's main, which loads the native usb module): the web page bundles it too.
import particleUsbErrors from "particle-usb/src/error.js";



const { NotAllowedError } = particleUsbErrors as { NotAllowedError: new () => Error };

/** The error and its causes (particle-usb wraps libusb's). */
function* chain(e: unknown): Generator<unknown> {
  for (let x = e, n = 0; x && n < 5; x = (x as { cause?: unknown }).cause, n++) yield x;
}

/** No permission to open the device: particle-usb's NotAllowedError (libusb's ACCESS), or EACCES on a serial port. */
export function isPermissionError(e: unknown): boolean {
  // SecurityError: WebUSB's answer where libusb says LIBUSB_ERROR_ACCESS (the web page).
  return [...chain(e)].some((x) => x instanceof NotAllowedError || (x as NodeJS.ErrnoException).code === "EACCES"
    || (x as Error).name === "SecurityError");
}

/** The device went away (unplugged, reset). */
export function isGoneError(e: unknown): boolean {
  return [...chain(e)].some((x) => /LIBUSB_ERROR_NO_DEVICE|LIBUSB_ERROR_PIPE|LIBUSB_ERROR_IO|not open|being closed|disconnected|No such device/i
    .test(`${(x as Error).message} ${(x as NodeJS.ErrnoException).code ?? ""}`));
}

// particle-usb ships no types; webusb-backend.ts casts what it uses.
declare module "particle-usb" { const value: unknown; export default value; }
declare module "particle-usb/src/error.js" { const value: unknown; export default value; }
declare module "particle-usb/src/result.js" { const value: unknown; export default value; }

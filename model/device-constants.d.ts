// @particle/device-constants ships no types; its users cast what they read.
declare module "@particle/device-constants" { const value: unknown; export default value; }

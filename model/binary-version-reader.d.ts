// binary-version-reader ships no types; user-part.ts casts what it uses.
declare module "binary-version-reader" { const value: unknown; export default value; }
declare module "binary-version-reader/lib/HalModuleParser.js" { const value: unknown; export default value; }
declare module "binary-version-reader/lib/ModuleInfo.js" { const value: unknown; export default value; }
declare module "binary-version-reader/lib/utilities.js" { const value: unknown; export default value; }

#!/usr/bin/env node
// photon-netreset, the installed command (the npm package's bin, compiled to
// cli-dist/). A checkout runs it through its npm scripts (scripts/checkout-cli.ts).
import { realContext, start } from "./real-context.ts";

start(realContext("installed"));

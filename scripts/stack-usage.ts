// The deepest stack our own code needs on the Photon's application thread,
// from GCC's own figures for the ARM build: -fstack-usage gives each
// function's frame, -fcallgraph-info=su the calls between them. Device OS
// and the C library are outside (their frames are not counted: each call
// into them is a leaf here). Roots: setup(), loop() and the USB request
// handler, the three entry points Device OS calls on that thread.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ARM, cacheDir, compile, hostHeaders, hostSources, type Toolchain } from "./toolchain.ts";

/**
 * The application thread's stack on a Photon: Device OS 2.3.1
 * hal/src/photon/include/wiced_defaults.h WICED_DEFAULT_APPLICATION_STACK_SIZE.
 */
export const APPLICATION_STACK = 6144;
/**
 * What our own frames may take of it: a sixth. The rest is for Device OS's
 * frames under our calls (WiFi.scan, delay, USB serial, the request
 * channel), which are not measured here. About 1.7 times today's deepest
 * chain, so a second report-sized buffer on a path fails it.
 */
export const OWN_STACK_BUDGET = 1024;

export const ROOTS = { "setup()": "_Z5setupv", "loop()": "_Z4loopv", "ctrl_request_custom_handler()": "_Z27ctrl_request_custom_handlerP12ctrl_request" };

interface Node { name: string; bytes: number | null; qualifier: string }
export interface CallGraph { nodes: Map<string, Node>; edges: Map<string, string[]> }
export interface StackDepth { root: string; bytes: number; chain: string[]; external: string[] }

/** Reads GCC's VCG call graphs (.ci): defined functions have a frame size, the rest are external. */
export function parseCallGraphs(texts: string[]): CallGraph {
  const nodes = new Map<string, Node>();
  const edges = new Map<string, string[]>();
  for (const text of texts) {
    for (const m of text.matchAll(/node: \{ title: "([^"]+)" label: "([^"]*)"/g)) {
      const [name, , frame] = m[2].split("\\n");
      const size = frame ? /^(\d+) bytes \(([^)]+)\)$/.exec(frame) : null;
      if (size) nodes.set(m[1], { name, bytes: Number(size[1]), qualifier: size[2] });
      else if (!nodes.has(m[1])) nodes.set(m[1], { name, bytes: null, qualifier: "external" });
    }
    for (const m of text.matchAll(/edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"/g)) {
      const list = edges.get(m[1]) ?? [];
      if (!list.includes(m[2])) list.push(m[2]);
      edges.set(m[1], list);
    }
  }
  return { nodes, edges };
}

/** The deepest chain from `root`; throws when a chain has no bound (recursion, an indirect call, a dynamic frame). */
export function deepest(graph: CallGraph, root: string, label = root): StackDepth {
  const external = new Set<string>();
  const memo = new Map<string, { bytes: number; chain: string[] }>();
  const walk = (fn: string, path: string[]): { bytes: number; chain: string[] } => {
    const node = graph.nodes.get(fn);
    const name = node?.name ?? fn;
    if (fn === "__indirect_call") throw new Error(`${label}: ${path.map(nameOf).join(" → ")} makes an indirect call: its stack has no bound`);
    if (path.includes(fn)) throw new Error(`${label}: recursion ${[...path.slice(path.indexOf(fn)), fn].map(nameOf).join(" → ")}: its stack has no bound`);
    if (!node || node.bytes === null) { external.add(name); return { bytes: 0, chain: [`${name} (Device OS / C library, not counted)`] }; }
    if (node.qualifier !== "static") throw new Error(`${label}: ${name} has a ${node.qualifier} frame (alloca or a variable-length array): its stack has no fixed bound`);
    const seen = memo.get(fn);
    if (seen) return seen;
    let best = { bytes: 0, chain: [] as string[] };
    for (const callee of graph.edges.get(fn) ?? []) {
      const below = walk(callee, [...path, fn]);
      if (below.bytes > best.bytes || best.chain.length === 0) best = below;
    }
    const result = { bytes: node.bytes + best.bytes, chain: [`${name} ${node.bytes}`, ...best.chain] };
    memo.set(fn, result);
    return result;
  };
  const nameOf = (fn: string) => graph.nodes.get(fn)?.name ?? fn;
  const { bytes, chain } = walk(root, []);
  return { root: label, bytes, chain, external: [...external].sort() };
}

/**
 * The wasm route compiled for the Photon with -fstack-usage and the call
 * graph. Without -flto: GCC writes no .su for LTO output, and the fat
 * objects Device OS links hold this same non-LTO code.
 */
export function measureStack(): StackDepth[] {
  const tc: Toolchain = { ...ARM, flags: [...ARM.flags.filter((f) => !/^-f(fat-)?lto/.test(f)), "-fstack-usage", "-fcallgraph-info=su"] };
  const sources = hostSources("wasm");
  const dir = cacheDir("arm-stack", [...sources, ...hostHeaders()], tc.flags);
  compile(tc, sources, dir);
  const graph = parseCallGraphs(readdirSync(dir).filter((f) => f.endsWith(".ci")).map((f) => readFileSync(join(dir, f), "utf8")));
  return Object.entries(ROOTS).map(([label, symbol]) => deepest(graph, symbol, label));
}

import { z } from "zod";

const profileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number().int(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number().int() }),
      children: z.array(z.number().int()).optional(),
    }),
  ),
  samples: z.array(z.number().int()),
  timeDeltas: z.array(z.number()),
});

/** Time spent somewhere, in milliseconds. */
export interface ProfileShare {
  name: string;
  milliseconds: number;
}

/** Where a CPU profile's busy time went. */
export interface ProfileSummary {
  /** Sampled time outside `(idle)`. */
  busyMilliseconds: number;
  /** Self time by where the code comes from: a package, a lib of this repository, Node, V8, the collector. */
  origins: ProfileShare[];
  /** Functions by self time. */
  selfTime: ProfileShare[];
  /** This repository's functions by time spent in them and what they call. */
  inclusiveTime: ProfileShare[];
}

/** Where a frame's code comes from, named for the summary. */
export function originOf(functionName: string, url: string): string {
  if (functionName === "(garbage collector)") return "garbage collection";
  if (functionName.startsWith("(")) return `V8 ${functionName}`;
  const module = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (module) return module[1]!;
  const lib = /\/(libs\/(?:[^/]+\/)?[^/]+)\/src\//.exec(url);
  if (lib) return lib[1]!;
  if (url.startsWith("node:")) return "node internals";
  if (url === "") return "V8 builtins and native code";
  return url.replace(/^.*\/(tools|apps)\//, "$1/");
}

// Files compiled on the fly report line 0 for every function; their lines are left out rather than shown wrong.
function frameName(functionName: string, url: string, lineNumber: number): string {
  const file = url.replace(/^.*\/(node_modules|libs|tools|apps)\//, "$1/");
  const place = file && lineNumber > 0 ? `${file}:${lineNumber + 1}` : file;
  return `${functionName || "(anonymous)"} ${place}`.trim();
}

function ranked(totals: Map<string, number>, limit: number): ProfileShare[] {
  return [...totals]
    .map(([name, microseconds]) => ({ name, milliseconds: microseconds / 1_000 }))
    .sort((a, b) => b.milliseconds - a.milliseconds)
    .slice(0, limit);
}

const add = (totals: Map<string, number>, key: string, amount: number) =>
  totals.set(key, (totals.get(key) ?? 0) + amount);

/**
 * Summarizes a V8 CPU profile (`.cpuprofile` JSON): each sample is charged the time until the
 * next one, to its own frame (self time) and once to every distinct frame on its stack.
 */
export function summarizeCpuProfile(json: unknown, limit = 20): ProfileSummary {
  const profile = profileSchema.parse(json);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const origins = new Map<string, number>();
  const selfTime = new Map<string, number>();
  const inclusiveTime = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const microseconds = profile.timeDeltas[index + 1] ?? 0;
    if (!node || node.callFrame.functionName === "(idle)") return;
    const { functionName, url, lineNumber } = node.callFrame;
    busy += microseconds;
    add(origins, originOf(functionName, url), microseconds);
    add(selfTime, frameName(functionName, url, lineNumber), microseconds);
    const onStack = new Set<string>();
    for (let frame: number | undefined = id; frame !== undefined; frame = parentOf.get(frame)) {
      const call = byId.get(frame)?.callFrame;
      if (call && /\/(libs|tools)\//.test(call.url))
        onStack.add(frameName(call.functionName, call.url, call.lineNumber));
    }
    for (const name of onStack) add(inclusiveTime, name, microseconds);
  });
  return {
    busyMilliseconds: busy / 1_000,
    origins: ranked(origins, limit),
    selfTime: ranked(selfTime, limit),
    inclusiveTime: ranked(inclusiveTime, limit),
  };
}

/** The summary as text for the log, each share also as a percentage of the busy time. */
export function renderProfileSummary(summary: ProfileSummary): string {
  const section = (title: string, shares: ProfileShare[]) => [
    `  ${title}`,
    ...shares.map((share) => {
      const percent = ((100 * share.milliseconds) / summary.busyMilliseconds).toFixed(1).padStart(5);
      return `    ${percent}%  ${Math.round(share.milliseconds).toString().padStart(7)} ms  ${share.name}`;
    }),
  ];
  return [
    `service CPU profile: ${Math.round(summary.busyMilliseconds).toLocaleString("en-US")} ms busy`,
    ...section("self time by origin", summary.origins),
    ...section("self time by function", summary.selfTime),
    ...section("time in this repository's functions and their callees", summary.inclusiveTime),
  ].join("\n");
}

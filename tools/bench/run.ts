import { renderBenchTable, type BenchFigure } from "./bench-report";
import { benchAuth } from "./benchmarks/auth";
import { benchOrgMembersList } from "./benchmarks/org-members-list";
import { benchRpcOverhead } from "./benchmarks/rpc-overhead";

const seconds = Number(process.env.BENCH_SECONDS ?? 5);

const benchmarks: { name: string; run(): Promise<BenchFigure[]> }[] = [
  { name: "server kit overhead", run: () => benchRpcOverhead(seconds) },
  { name: "org.members.list on 10,000 members", run: () => benchOrgMembersList(seconds) },
  { name: "auth.me and auth.signIn", run: () => benchAuth(seconds) },
];

const figures: BenchFigure[] = [];
for (const [index, benchmark] of benchmarks.entries()) {
  process.stdout.write(`[bench ${index + 1}/${benchmarks.length}] ${benchmark.name} (${seconds} s per side)…\n`);
  figures.push(...(await benchmark.run()));
}
process.stdout.write(`\n${renderBenchTable(figures)}\n`);

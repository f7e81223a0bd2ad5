// The log-line marker bench/host prints its results behind, and bench/hostRun.ts reads.
export const BENCH_MARKER = '__bench__ ';

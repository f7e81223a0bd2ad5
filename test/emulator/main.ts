// Command line: run the emulator until SIGINT/SIGTERM (`--help` prints the options).
import { DEMO_ACCOUNT } from './demo';
import { RATE_REGIONS, type RateRegion } from './rates';
import { startEmulator } from './server';
import { REVIEW_MODES, type BadBodyKind, type EmulatorOptions, type Faults, type ReviewMode } from './types';

const USAGE = `Usage: node out/test/emulator/main.js [options]
Runs the MetaStudio emulator (MetaStudio, IAM and OBS on one loopback port) until SIGINT or SIGTERM.
  --port N                   port to listen on (default: a free one)
  --seed demo|none           start with the demo assets or none (default: none)
  --review auto|awaiting|manual|block   what a confirmed CREATED becomes (default: auto)
  --rate-limit N             requests per second per project, all APIs together (default 0: off)
  --api-rate-limits REGION   each API at MetaStudio's published limit there: cn-north-4, cn-east-3, ap-southeast-3 (default: off)
  --fault-500 R, --fault-503 R, --fault-429 R, --fault-reset R, --fault-lost R, --fault-replaced R   fault rates from 0 to 1
  --latency-ms N --latency-rate R       delay that share of requests
  --bad-body R --bad-body-kind html|empty|truncated|huge|portal   broken answers
  --obs-reset-after N, --obs-stall-after N   cut or stall every OBS PUT after N bytes
  --fault-obs                also apply the rate faults to OBS PUTs
  --random-seed N            seed of the fault generator (default 1)
  --token-ttl-ms N           lifetime of IAM tokens (default 24 h)
  --max-lifetime-s N         stop by itself after N seconds
  --help                     print this and exit`;

const NUMERIC_FAULTS: Record<string, keyof Faults> = {
  '--fault-500': 'error500',
  '--fault-503': 'error503',
  '--fault-429': 'error429',
  '--fault-reset': 'reset',
  '--fault-lost': 'lostResponse',
  '--fault-replaced': 'replacedAnswer',
  '--latency-ms': 'latencyMs',
  '--latency-rate': 'latencyRate',
  '--bad-body': 'badBody',
  '--obs-reset-after': 'obsResetAfterBytes',
  '--obs-stall-after': 'obsStallAfterBytes',
};

function parseArgs(argv: string[]): EmulatorOptions {
  const faults: Record<string, unknown> = {};
  const options: EmulatorOptions = { faults: faults as Faults };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--fault-obs') {
      faults.obs = true;
      continue;
    }
    const value = argv[++i];
    const n = Number(value);
    if (value === undefined) {
      throw new Error(`${flag} needs a value`);
    }
    if (flag === '--seed') {
      if (value !== 'demo' && value !== 'none') {
        throw new Error('--seed takes demo or none');
      }
      options.seed = value;
    } else if (flag === '--review') {
      if (!REVIEW_MODES.includes(value as ReviewMode)) {
        throw new Error(`--review takes ${REVIEW_MODES.join(', ')}`);
      }
      options.review = value as ReviewMode;
    } else if (flag === '--api-rate-limits') {
      if (!RATE_REGIONS.includes(value as RateRegion)) {
        throw new Error(`--api-rate-limits takes ${RATE_REGIONS.join(', ')}`);
      }
      options.apiRateLimits = value as RateRegion;
    } else if (flag === '--bad-body-kind') {
      faults.badBodyKind = value as BadBodyKind;
    } else if (Number.isNaN(n)) {
      throw new Error(`${flag} needs a number, not ${value}`);
    } else if (flag in NUMERIC_FAULTS) {
      faults[NUMERIC_FAULTS[flag]] = n;
    } else if (flag === '--port') {
      options.port = n;
    } else if (flag === '--rate-limit') {
      options.rateLimit = n;
    } else if (flag === '--random-seed') {
      options.randomSeed = n;
    } else if (flag === '--token-ttl-ms') {
      options.tokenTtlMs = n;
    } else {
      throw new Error(`unknown option ${flag}`);
    }
  }
  return options;
}

/** `--max-lifetime-s N`: stop by itself after N seconds, so a test that starts it detached cannot leak it. */
function takeLifetime(argv: string[]): number | undefined {
  const at = argv.indexOf('--max-lifetime-s');
  if (at < 0) {
    return undefined;
  }
  const seconds = Number(argv[at + 1]);
  argv.splice(at, 2);
  if (!(seconds > 0)) {
    throw new Error('--max-lifetime-s needs a number of seconds');
  }
  return seconds;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const lifetime = takeLifetime(argv);
  const emulator = await startEmulator(parseArgs(argv));
  // Before printing: whoever reads the first lines may signal us at once.
  const stop = (): void => void emulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (lifetime) {
    setTimeout(stop, lifetime * 1000).unref();
  }
  const a = DEMO_ACCOUNT;
  console.log(`MetaStudio emulator listening on ${emulator.url}`);
  console.log(`region: ${a.region}`);
  console.log(`project id: ${a.projectId}`);
  console.log(`AK: ${a.ak}`);
  console.log(`SK: ${a.sk}`);
  console.log(`temporary AK: ${a.temporary!.ak}`);
  console.log(`temporary SK: ${a.temporary!.sk}`);
  console.log(`security token: ${a.temporary!.securityToken}`);
  console.log(`IAM domain: ${a.domainName}`);
  console.log(`IAM user: ${a.userName}`);
  console.log(`IAM password: ${a.password}`);
}

main().catch((e: unknown) => {
  console.error(`${e instanceof Error ? e.message : String(e)}\nRun with --help for the options.`);
  process.exit(2);
});

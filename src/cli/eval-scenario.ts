/**
 * `nightlight eval --scenario`: one raw scenario end to end for the accuracy harness. The
 * scenario is generated and ingested through the shared pipeline (scenario-pipeline.ts, the
 * demo's own steps), `nightlight detect` stores its events (the path a user runs), then the
 * stored series are read back on their regular grids exactly as `detect` reads them
 * (readRegular, with sources and coverage) and every method of the harness runs on them
 * (runMethods), with the attribution tables' networks as entity context. The stored events are
 * scored by the same rules, so the two Nightlight paths can be compared. The ingest and detect
 * commands' own output goes to stderr: stdout stays the table (or JSON).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { SIGNALS } from '../collectors/signal-catalogue.js';
import { createEntityContext } from '../detect/entity-context.js';
import { evaluateCase } from '../detect/evaluate.js';
import {
  nightlightConfirmSeconds,
  runMethods,
  SLACK_SECONDS,
  type Method,
  type MethodResult,
} from '../detect/evaluate-run.js';
import type { DetectOptions } from '../detect/score-options.js';
import { loadConfig } from '../config/load-config.js';
import { parseEntity, type EntityId } from '../model/entity.js';
import type { OutageEvent } from '../model/event.js';
import type { LabelledCase } from '../model/ground-truth.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { openStore } from '../store/open-store.js';
import type { CommandContext } from './context.js';
import { networksOf, readRegular } from './detect-command.js';
import { loadGeo } from './load-geo.js';
import { createPipelineState, PIPELINE_STEPS, runSteps } from './scenario-pipeline.js';

export interface ScenarioEvaluation {
  readonly name: string;
  readonly byMethod: Record<Method, MethodResult>;
  /** The events `nightlight detect` stored, scored like the `nightlight` method. */
  readonly stored: MethodResult;
  /** The stored events inside the case's window are the harness's `nightlight` events. */
  readonly sameAsHarness: boolean;
  /** Seconds per step: generate, each ingest, detect, evaluate. */
  readonly seconds: Readonly<Record<string, number>>;
  /** Where the raw inputs and the DuckDB file are, when kept (--work). */
  readonly kept: string | null;
}

export interface ScenarioEvalOptions {
  readonly context: CommandContext;
  readonly createProgram: () => Command;
  /** Keep the raw inputs and store under WORK/NAME; else a temporary directory, removed. */
  readonly work: string | undefined;
  readonly scoring: Partial<DetectOptions>;
}

export async function evaluateScenario(
  scenario: Scenario,
  options: ScenarioEvalOptions,
): Promise<ScenarioEvaluation> {
  const out =
    options.work === undefined
      ? mkdtempSync(join(tmpdir(), `nightlight-eval-${scenario.name}-`))
      : resolve(options.work, scenario.name);
  const db = join(out, 'nightlight.duckdb');
  rmSync(db, { force: true });
  const state = createPipelineState({
    scenario,
    out,
    db,
    seed: undefined,
    context: { ...options.context, print: (text) => process.stderr.write(`${text}\n`) },
    createProgram: options.createProgram,
    json: options.context.json,
  });
  try {
    const timings = await toStderr(() =>
      runSteps(
        [...PIPELINE_STEPS, { name: 'detect', run: (s) => s.run(['detect']) }],
        state,
        `${scenario.name} `,
      ),
    );
    const t0 = performance.now();
    const result = await scoreStored(out, db, state.configPath, options.scoring);
    timings.push(['evaluate', (performance.now() - t0) / 1000]);
    return {
      ...result,
      seconds: Object.fromEntries(timings),
      kept: options.work === undefined ? null : out,
    };
  } finally {
    if (options.work === undefined) rmSync(out, { recursive: true, force: true });
  }
}

async function scoreStored(
  out: string,
  db: string,
  configPath: string,
  scoring: Partial<DetectOptions>,
): Promise<Omit<ScenarioEvaluation, 'seconds' | 'kept'>> {
  const labelled = JSON.parse(readFileSync(join(out, 'case.json'), 'utf8')) as LabelledCase;
  const config = loadConfig({ path: configPath, cwd: out, env: {} });
  const attributor = await loadGeo(config, { quiet: true });
  const countryOf = (entity: EntityId) => {
    const parsed = parseEntity(entity);
    return parsed.kind === 'asn'
      ? attributor.lookupAsn(parsed.asn).country
      : parsed.code.slice(0, 2);
  };
  const specs = new Map(SIGNALS.filter((s) => s.evidence !== 'none').map((s) => [s.name, s]));
  const store = await openStore(`duckdb:${db}`);
  try {
    // The same window `nightlight detect` reads by default: every stored bin.
    const infos = (await store.listSeries()).filter((i) => specs.has(i.signal));
    const from = Math.min(...infos.map((i) => i.first));
    const to = Math.max(0, ...infos.map((i) => i.last + specs.get(i.signal)!.stepSeconds));
    const series = infos.length === 0 ? [] : await readRegular(store, infos, from, to, specs);
    const countries = new Set(infos.map((i) => countryOf(i.entity)).filter((c) => c !== null));
    const networks = networksOf(attributor, countries);
    const byMethod = runMethods({ labelled, networks, series }, SIGNALS, scoring);
    const events = await store.queryEvents({ from: labelled.from, to: labelled.to });
    const context = createEntityContext(networks);
    const evaluation = evaluateCase(labelled, events, {
      countryOf: (e) => context.countryOf(e),
      slackSeconds: SLACK_SECONDS,
      confirmSeconds: nightlightConfirmSeconds(scoring),
    });
    const inWindow = (list: readonly OutageEvent[]) =>
      list.filter((e) => e.start < labelled.to && (e.end ?? labelled.to) > labelled.from);
    return {
      name: labelled.name,
      byMethod,
      stored: { events, evaluation },
      sameAsHarness: sameEvents(inWindow(events), inWindow(byMethod.nightlight.events)),
    };
  } finally {
    await store.close();
  }
}

/** The same incidents: locations, starts, ends and per-entity intervals (ids and stamps aside). */
function sameEvents(a: readonly OutageEvent[], b: readonly OutageEvent[]): boolean {
  const key = (events: readonly OutageEvent[]) =>
    events
      .map((e) =>
        JSON.stringify([
          e.location,
          e.start,
          e.end,
          e.affected.map((x) => [x.entity, x.intervals.map((i) => [i.start, i.end])]),
        ]),
      )
      .sort()
      .join('\n');
  return key(a) === key(b);
}

/** Runs `work` with stdout sent to stderr, so the commands it runs keep stdout clean. */
async function toStderr<T>(work: () => Promise<T>): Promise<T> {
  const stdout = process.stdout;
  const write = Object.getOwnPropertyDescriptor(stdout, 'write');
  stdout.write = process.stderr.write.bind(process.stderr);
  try {
    return await work();
  } finally {
    if (write === undefined) delete (stdout as { write?: unknown }).write;
    else Object.defineProperty(stdout, 'write', write);
  }
}

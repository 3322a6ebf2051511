/**
 * Shared by the scenario tests: the tiny two-network scenario (fixtures/tiny.yaml) generated
 * once per test file into a fresh temporary directory.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateScenario, type Manifest } from '../../src/scenario/generate-scenario.js';
import { readScenarioFile } from '../../src/scenario/load-scenario.js';
import type { LabelledCase } from '../../src/model/ground-truth.js';
import type { Scenario } from '../../src/scenario/scenario-schema.js';

export const TINY = join(import.meta.dirname, 'fixtures/tiny.yaml');

export interface Generated {
  readonly scenario: Scenario;
  readonly out: string;
  readonly manifest: Manifest;
  readonly groundTruth: LabelledCase;
}

export async function generateTiny(seed?: number): Promise<Generated> {
  const scenario = await readScenarioFile(TINY);
  const out = mkdtempSync(join(tmpdir(), 'nightlight-scenario-'));
  const { manifest, groundTruth } = await generateScenario(scenario, { out, seed });
  return { scenario, out, manifest, groundTruth };
}

export const utc = (text: string): number => Date.parse(text) / 1000;

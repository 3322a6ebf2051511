/**
 * The darknet collector: pcap/pcapng files → packets → (bin, source, backscatter) → darknet
 * signals per country, ASN and region, through the shared passive-ingest loop. Undecodable
 * packets are counted by reason with the first few reported (file, packet number, offset); a
 * corrupt file header or record ends that file with an issue and the run goes on.
 */
import type { Input } from '../input/open-input.js';
import {
  runPassiveIngest,
  type PassiveIngestResult,
  type ReadContext,
  type PassiveIngestRequest,
} from '../traffic/passive-ingest.js';
import {
  createDarknetTotals,
  createDarknetColumns,
  DARKNET_COUNTERS,
  FLAG_BACKSCATTER,
  type DarknetTotals,
} from './darknet-signals.js';
import { createDecodedPacket, decodePacket, type DecodeIssue } from './decode-packet.js';
import { createPcapReader } from './pcap-reader.js';

export type PcapIssue = DecodeIssue | 'too_late' | 'corrupt_file';

export interface PcapIssueReport {
  readonly input: string;
  readonly packet: number;
  readonly offset: number;
  readonly reason: PcapIssue;
  readonly message: string;
}

export type IngestPcapOptions = PassiveIngestRequest;

export interface IngestPcapResult extends PassiveIngestResult {
  readonly packets: number;
  readonly accepted: number;
  readonly skipped: number;
  readonly issues: Partial<Record<PcapIssue, number>>;
  readonly firstIssues: readonly PcapIssueReport[];
  readonly totals: DarknetTotals;
}

const FLUSH_EVERY_PACKETS = 4096;

export async function ingestPcap(options: IngestPcapOptions): Promise<IngestPcapResult> {
  const decoded = createDecodedPacket();
  const issues: Partial<Record<PcapIssue, number>> = {};
  const firstIssues: PcapIssueReport[] = [];
  const totals = createDarknetTotals();
  const keep = options.reportIssues ?? 10;
  let [packets, accepted, skipped] = [0, 0, 0];

  function refuse(input: string, context: ReadContext, reason: PcapIssue, message: string) {
    issues[reason] = (issues[reason] ?? 0) + 1;
    if (firstIssues.length < keep)
      firstIssues.push({
        input,
        packet: context.position.record,
        offset: context.position.offset,
        reason,
        message,
      });
  }

  async function read(input: Input, context: ReadContext) {
    const { position } = context;
    let sinceFlush = 0;
    const reader = createPcapReader({
      onPacket(p) {
        position.record = p.number;
        position.offset = p.fileOffset;
        if (p.number < context.skipBefore) return void skipped++;
        packets++;
        sinceFlush++;
        const issue = decodePacket(p.linktype, p.data, p.offset, p.length, decoded);
        if (issue !== null)
          return refuse(
            input.name,
            context,
            issue,
            `Cannot decode packet ${p.number}: ${issue.replaceAll('_', ' ')} (link type ${p.linktype})`,
          );
        const tally = context.window.tallyFor(p.time);
        if (tally === null)
          return refuse(
            input.name,
            context,
            'too_late',
            `Cannot count packet ${p.number}: its bin is already written`,
          );
        const flags = decoded.backscatter ? FLAG_BACKSCATTER : 0;
        if (decoded.family === 4) tally.addIpv4(decoded.v4, flags);
        else tally.addIpv6(decoded.v6[0]!, decoded.v6[1]!, decoded.v6[2]!, decoded.v6[3]!, flags);
        accepted++;
      },
      onError(message, offset) {
        issues.corrupt_file = (issues.corrupt_file ?? 0) + 1;
        if (firstIssues.length < keep)
          firstIssues.push({
            input: input.name,
            packet: position.record + 1,
            offset,
            reason: 'corrupt_file',
            message: `${message} in ${input.name}`,
          });
      },
    });
    for await (const chunk of input.stream as AsyncIterable<Buffer>) {
      reader.push(chunk);
      if (sinceFlush >= FLUSH_EVERY_PACKETS) {
        sinceFlush = 0;
        await context.flush();
      }
    }
    reader.end();
    await context.flush();
  }

  const result = await runPassiveIngest({
    ...options,
    counters: DARKNET_COUNTERS,
    toColumns: createDarknetColumns({
      attributor: options.attributor,
      source: options.source,
      totals,
    }),
    read,
  });
  return { ...result, packets, accepted, skipped, issues, firstIssues, totals };
}

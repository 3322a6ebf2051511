/**
 * The declarative scenario file (YAML or JSON), validated with zod: a country's networks and
 * regions, how their users behave, what the collectors see, and the shutdown script. Every
 * problem is reported with its path, all at once. Documented field by field in
 * docs/scenarios.md. Pure: parsing text into an object is load-scenario's job.
 */
import { z } from 'zod';
import { NightlightError } from '../model/failure.js';

const utcTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?Z$/,
    'expected a UTC time like 2022-01-05T10:30:00Z',
  )
  .transform((text) => Date.parse(text) / 1000);

/** YAML turns unquoted timestamps into Date objects: accept those too. */
const time = z.union([z.date().transform((d) => d.getTime() / 1000), utcTime]);

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (UTC)');
const share = z.number().min(0).max(1);
const asnNumber = z.number().int().min(1).max(4294967295);
const prefixText = z.string().regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/, 'expected a CIDR prefix');

export const ACCESS = ['mobile', 'fixed', 'mixed'] as const;
export type ScenarioAccess = (typeof ACCESS)[number];

const AsnSchema = z
  .object({
    asn: asnNumber,
    name: z.string().min(1),
    access: z.enum(ACCESS),
    /** For mixed networks: the share of their users on mobile data (default 0.5). */
    mobileShare: share.optional(),
    /** Internet users on this network: what traffic and OONI volunteers scale with. */
    users: z.number().int().min(0),
    /** Real IPv4 prefixes; without them the network gets `size24` /24s from the address pool. */
    prefixes: z.array(prefixText).optional(),
    size24: z.number().int().min(1).max(65536).optional(),
    ipv6: z.array(prefixText).optional(),
    /** Synthetic IPv6 size in /48s, carved from the IPv6 pool, when `ipv6` is absent. */
    size48: z.number().int().min(0).max(65536).optional(),
    upstreams: z.array(asnNumber).min(1),
  })
  .strict()
  .refine((a) => a.prefixes !== undefined || a.size24 !== undefined, {
    message: 'give prefixes or size24',
  });

const RegionSchema = z
  .object({
    code: z.string().regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'expected an ISO 3166-2 code like KZ-75'),
    name: z.string().min(1),
    population: z.number().int().min(0),
    utcOffsetHours: z.number().min(-12).max(14),
    /** Share of each network's users (and address space) here; others follow population. */
    asnShares: z.record(z.string().regex(/^\d+$/, 'expected an AS number'), share).optional(),
  })
  .strict();

const ShapeSchema = z
  .object({
    /** Relative activity per local hour 0–23, interpolated linearly. */
    hourly: z.array(z.number().min(0)).length(24),
    /** Relative activity Monday…Sunday. */
    weekly: z.array(z.number().min(0)).length(7),
  })
  .strict();

const TargetSchema = z
  .object({
    asns: z.array(asnNumber).min(1).optional(),
    regions: z.array(z.string()).min(1).optional(),
    access: z.array(z.enum(ACCESS)).min(1).optional(),
  })
  .strict();

export const APPS = ['whatsapp', 'telegram', 'signal', 'facebook_messenger'] as const;
export const ACTIONS = [
  'withdraw',
  'blackhole',
  'throttle',
  'block-apps',
  'outage',
  'restore',
  'silence',
] as const;
export type ActionKind = (typeof ACTIONS)[number];

const ActionSchema = z
  .object({
    at: time,
    /** End of this action's effect; without it, until a restore or the end of the scenario. */
    until: time.optional(),
    action: z.enum(ACTIONS),
    /** Which networks and regions; omitted: the whole country. */
    target: TargetSchema.optional(),
    /** withdraw: share of the targeted prefixes withdrawn (default 1). */
    share: share.optional(),
    /** throttle: traffic as a share of normal; blackhole and outage: what still leaks (default 0). */
    level: share.optional(),
    apps: z.array(z.enum(APPS)).min(1).optional(),
    method: z.enum(['dns', 'tcp', 'tls']).optional(),
    /** restore: which kinds of earlier action it ends (default all but silence). */
    ends: z.array(z.enum(ACTIONS)).min(1).optional(),
    /** silence: which input goes quiet (a BGP peer by name, or a whole raw input). */
    input: z.enum(['logs', 'darknet', 'ooni', 'bgp-peer']).optional(),
    peer: z.string().optional(),
    /** Repeat daily between these UTC clock times, from `at` until `until`. */
    daily: z.object({ from: clock, to: clock }).strict().optional(),
    /** Actions with the same event name form one expected event (default `main`). */
    event: z.string().min(1).optional(),
    /** Where this choice comes from: a timeline row, a report. */
    cite: z.string().optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    const need = (field: string, ok: boolean, why: string) => {
      if (!ok) ctx.addIssue({ code: 'custom', path: [field], message: why });
    };
    need('level', a.action !== 'throttle' || a.level !== undefined, 'throttle needs a level');
    need('apps', a.action !== 'block-apps' || a.apps !== undefined, 'block-apps needs apps');
    need(
      'method',
      a.action !== 'block-apps' || a.method !== undefined,
      'block-apps needs a method',
    );
    need('input', a.action !== 'silence' || a.input !== undefined, 'silence needs an input');
    need('peer', a.input !== 'bgp-peer' || a.peer !== undefined, 'a bgp-peer silence needs a peer');
    need('until', a.until === undefined || a.until > a.at, 'until must be after at');
    need('daily', a.daily === undefined || a.until !== undefined, 'daily needs until');
  });

const PeerSchema = z
  .object({
    name: z.string().min(1),
    asn: asnNumber,
    ip: z.string().regex(/^\d{1,3}(\.\d{1,3}){3}$/, 'expected an IPv4 address'),
  })
  .strict();

const VisitorSchema = z
  .object({
    asn: asnNumber,
    name: z.string().min(1),
    country: z.string().regex(/^[A-Z]{2}$/),
    prefixes: z.array(prefixText).min(1),
    requestsPerDay: z.number().min(0),
  })
  .strict();

export const ScenarioSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case name like kz-2022'),
    description: z.string().min(1),
    country: z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code'),
    seed: z.number().int().min(0).default(1),
    time: z
      .object({ from: time, to: time, stepSeconds: z.number().int().positive().default(300) })
      .strict()
      .refine((t) => t.to > t.from, { message: 'to must be after from', path: ['to'] }),
    /** Detection window written to case.json (default: the whole time range). */
    evaluate: z.object({ from: time, to: time }).strict().optional(),
    addressPool: z
      .object({
        ipv4: prefixText.default('100.100.0.0/16'),
        ipv6: prefixText.default('2001:67c::/32'),
      })
      .strict()
      .default({ ipv4: '100.100.0.0/16', ipv6: '2001:67c::/32' }),
    asns: z.array(AsnSchema).min(1),
    regions: z.array(RegionSchema).default([]),
    traffic: z
      .object({
        mobile: ShapeSchema.optional(),
        fixed: ShapeSchema.optional(),
        /** Log-normal sigma of per-bin noise on each network's rate. */
        noise: z.number().min(0).max(2).default(0.08),
      })
      .strict()
      .default({ noise: 0.08 }),
    website: z
      .object({
        host: z.string().default('www.example.kz'),
        /** Popularity: requests per internet user per day (the log's sampling of the country). */
        requestsPerUserPerDay: z.number().min(0),
        ipv6Share: share.default(0.05),
        /** The server's clock offset written in log times, e.g. +0600. */
        logOffset: z
          .string()
          .regex(/^[+-]\d{4}$/)
          .default('+0000'),
      })
      .strict(),
    visitors: z.array(VisitorSchema).default([]),
    bgp: z
      .object({
        peers: z.array(PeerSchema).min(1),
        /** Background updates per peer per hour (path changes, MED flaps). */
        churnPerHour: z.number().min(0).default(2),
        /** Minutes over which a withdrawal or re-announcement spreads across peers. */
        spreadMinutes: z.number().min(0).default(3),
        /**
         * The rest of the world's table every peer also carries (world-table.ts): real peers
         * are full-feed, so a nationwide withdrawal must not empty them. Sizes default to
         * WORLD_PER_NATIONAL times the country's own prefixes, at least WORLD_MIN_IPV4 / _IPV6.
         */
        world: z
          .object({
            ipv4Prefixes: z.number().int().min(0).max(100000).optional(),
            ipv6Prefixes: z.number().int().min(0).max(20000).optional(),
            /** Background updates per peer per hour on world routes. */
            churnPerHour: z.number().min(0).default(4),
          })
          .strict()
          .default({ churnPerHour: 4 }),
      })
      .strict(),
    ooni: z
      .object({
        /** Measurement sessions per day per million users (each runs several tests). */
        sessionsPerMillionUsersPerDay: z.number().min(0).default(4),
        urls: z.array(z.string().url()).min(1).default(['https://www.example.kz/']),
      })
      .strict()
      .default({ sessionsPerMillionUsersPerDay: 4, urls: ['https://www.example.kz/'] }),
    darknet: z
      .object({
        /** Scanning (infected) hosts per bin per 1000 /24s of a network, at normal level. */
        sourcesPer1000Slash24: z.number().min(0).default(4),
        packetsPerSource: z.number().min(2).default(3),
        /** Random-source (spoofed) packets per bin, from anywhere in IPv4. */
        spoofedPerBin: z.number().min(0).default(20),
        /** Backscatter packets per bin (SYN-ACK, RST, ICMP replies). */
        backscatterPerBin: z.number().min(0).default(5),
      })
      .strict()
      .default({
        sourcesPer1000Slash24: 4,
        packetsPerSource: 3,
        spoofedPerBin: 20,
        backscatterPerBin: 5,
      }),
    script: z.array(ActionSchema).default([]),
  })
  .strict();

export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioAsn = Scenario['asns'][number];
export type ScenarioRegion = Scenario['regions'][number];
export type ScenarioAction = Scenario['script'][number];
export type ScenarioTarget = NonNullable<ScenarioAction['target']>;
export type TrafficShape = z.infer<typeof ShapeSchema>;

/** Validates a parsed scenario; every issue is named by its path, e.g. `asns.2.access`. */
export function parseScenario(raw: unknown, origin: string): Scenario {
  const result = ScenarioSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.map(String).join('.') || '(top level)'}: ${issue.message}`,
    );
    throw new NightlightError('bad_input', `Invalid scenario in ${origin}: ${problems.join('; ')}`);
  }
  const scenario = result.data;
  const problems = crossChecks(scenario);
  if (problems.length > 0)
    throw new NightlightError('bad_input', `Invalid scenario in ${origin}: ${problems.join('; ')}`);
  return scenario;
}

/** What zod cannot see field by field: references between sections. */
function crossChecks(s: Scenario): string[] {
  const problems: string[] = [];
  const asns = new Set<number>();
  s.asns.forEach((a, i) => {
    if (asns.has(a.asn)) problems.push(`asns.${i}.asn: AS${a.asn} is listed twice`);
    asns.add(a.asn);
  });
  const regions = new Set(s.regions.map((r) => r.code));
  s.regions.forEach((r, i) => {
    if (!r.code.startsWith(`${s.country}-`))
      problems.push(`regions.${i}.code: ${r.code} is not in ${s.country}`);
    for (const key of Object.keys(r.asnShares ?? {}))
      if (!asns.has(Number(key)))
        problems.push(`regions.${i}.asnShares.${key}: AS${key} is not in asns`);
  });
  const peers = new Set(s.bgp.peers.map((p) => p.name));
  s.script.forEach((a, i) => {
    a.target?.asns?.forEach((asn, j) => {
      if (!asns.has(asn)) problems.push(`script.${i}.target.asns.${j}: AS${asn} is not in asns`);
    });
    a.target?.regions?.forEach((code, j) => {
      if (!regions.has(code))
        problems.push(`script.${i}.target.regions.${j}: ${code} is not in regions`);
    });
    if (a.peer !== undefined && !peers.has(a.peer))
      problems.push(`script.${i}.peer: ${a.peer} is not in bgp.peers`);
    if (a.at < s.time.from || a.at >= s.time.to)
      problems.push(`script.${i}.at: outside the scenario's time range`);
  });
  return problems;
}

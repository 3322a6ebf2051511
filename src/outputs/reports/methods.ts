/**
 * The methods section of every report, as plain paragraphs: what the signals are, how they
 * were normalised, how the intervals were found, what the cost range means, and the limits.
 * Kept in one place so the Markdown and HTML reports say exactly the same.
 */
export const METHODS: readonly string[] = [
  'Signals. Each signal is one time series per entity (country, region or network) binned at ' +
    'its cadence, typically 5 minutes: requests and distinct client addresses in access logs, ' +
    'sources reaching a network telescope, prefixes visible in BGP, active probes answered, ' +
    'and OONI measurements. A bin that could not be measured is unknown and drawn as a gap, ' +
    'never as zero.',
  'Normalisation. To put signals of different units on one axis, every value is divided by ' +
    "the signal's normal level: the median of its known values in the window shown, outside " +
    'the shaded intervals. 100% is a normal level; 0% is nothing seen.',
  'Detection. Each signal is compared with a seasonal baseline of the same entity; departures ' +
    'in the direction that is evidence of an outage (a drop in traffic or visible prefixes, a ' +
    'rise in blocked measurements) become anomalies, and anomalies of several signals and ' +
    'entities that overlap in time are fused into one event. The event is typed by its scope, ' +
    'the access type of the affected networks, the layer (routing, reachability, application) ' +
    'and the mechanism, from the properties each signal declares. Confidence is higher when ' +
    'independent signals agree.',
  'Intervals. Every cut of every affected entity is listed; the gaps between cuts are partial ' +
    'restorations. Times are UTC, at the resolution of the signal bins.',
  'Cost. The cost range, when present, comes from a published formula applied to the share ' +
    'of the economy that depends on the affected networks and the duration of each cut; it ' +
    'is a range, not a point estimate, and it is left out when its inputs are missing.',
  'Limits. A collector outage looks like an unknown gap, not an outage; an entity with low ' +
    'normal volume cannot show a drop; routing data says whether routes were announced, not ' +
    'whether packets were delivered.',
];

/**
 * The world map as inline SVG: world-atlas countries (1:110m) projected once with d3-geo's
 * Equal Earth, each country a <path data-country="KZ"> filled by its event status. Countries
 * without an ISO code in the atlas (disputed areas) are drawn but not linked.
 */
import { geoEqualEarth, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import atlas from 'world-atlas/countries-110m.json';
import { alpha2OfNumeric, countryName } from './country-codes.js';
import { s } from './dom.js';
import { MAP } from './palette.js';

export type CountryStatus = 'ongoing' | 'recent';

const WIDTH = 960;
const HEIGHT = 470;

interface Shape {
  readonly code: string | undefined;
  readonly name: string;
  readonly d: string;
}

let shapes: Shape[] | undefined;

function countryShapes(): Shape[] {
  if (shapes !== undefined) return shapes;
  const topology = atlas as unknown as Topology<{
    countries: GeometryCollection<{ name: string }>;
  }>;
  const collection = feature(topology, topology.objects.countries) as FeatureCollection<
    Geometry,
    { name: string }
  >;
  const projection = geoEqualEarth().fitSize([WIDTH, HEIGHT], collection);
  const path = geoPath(projection);
  shapes = collection.features.map((f: Feature<Geometry, { name: string }>) => {
    const code = f.id === undefined ? undefined : alpha2OfNumeric(f.id);
    return {
      code,
      name: code === undefined ? f.properties.name : countryName(code),
      d: path(f) ?? '',
    };
  });
  return shapes;
}

export function worldMap(
  status: ReadonlyMap<string, CountryStatus>,
  onSelect: (code: string) => void,
): SVGElement {
  const svg = s('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    class: 'world-map',
    role: 'img',
    'aria-label': 'World map of ongoing and recent internet shutdowns',
  });
  for (const shape of countryShapes()) {
    const state = shape.code === undefined ? undefined : status.get(shape.code);
    const fill = state === undefined ? MAP.none : MAP[state];
    const label = `${shape.name}${state === undefined ? '' : `: ${state} event`}`;
    const path = s(
      'path',
      { d: shape.d, fill, stroke: MAP.border, 'stroke-width': 0.5 },
      s('title', {}, label),
    );
    if (shape.code !== undefined) {
      path.setAttribute('data-country', shape.code);
      if (state !== undefined) path.setAttribute('data-status', state);
      path.setAttribute('tabindex', '0');
      path.setAttribute('role', 'link');
      path.setAttribute('aria-label', label);
      const code = shape.code;
      path.addEventListener('click', () => onSelect(code));
      path.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') onSelect(code);
      });
    }
    svg.appendChild(path);
  }
  return svg;
}

/**
 * Colours: the Okabe–Ito palette for series (distinguishable with every common colour-vision
 * deficiency) and, for the map, a scale that differs in lightness as well as hue, so ongoing
 * and recent events read apart in greyscale too. Text colours meet WCAG AA on their grounds.
 */
export const SERIES_COLOURS = [
  '#0072b2',
  '#d55e00',
  '#009e73',
  '#cc79a7',
  '#56b4e9',
  '#e69f00',
  '#000000',
];

export function seriesColour(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length]!;
}

/** Event intervals shaded behind charts (orange, translucent). */
export const SHADE = 'rgba(230, 159, 0, 0.28)';

export const MAP = {
  none: '#d9d9d9',
  recent: '#f4a582',
  ongoing: '#b2182b',
  border: '#ffffff',
} as const;

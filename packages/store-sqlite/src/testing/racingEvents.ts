/** The event id writer `writer` gives its `index`-th event in the concurrency test: known to both sides. */
export const intendedEventId = (writer: number, index: number): string =>
  `${writer.toString(16).padStart(8, '0')}-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;

/** Bundles the worker into one ES module for workerd; resolves to the output path. */
export function buildWorker(options?: { entry?: string; outfile?: string; fromDist?: boolean }): Promise<string>;

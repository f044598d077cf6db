export declare const BUDGETS_GZIP_KB: Record<string, number>;
export interface BundleSize {
  files: string[];
  minBytes: number;
  gzipBytes: number;
}
export declare function measureBundles(ext: string): Map<string, BundleSize>;
export declare const kb: (n: number) => number;
export declare function overBudget(sizes: Map<string, BundleSize>, budgets?: Record<string, number>): string[];

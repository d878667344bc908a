import v8 from "node:v8";
import vm from "node:vm";

let collect: (() => void) | undefined;

/**
 * Bytes still reachable in this process's JavaScript heap and Buffers, after a full garbage
 * collection: what a test keeps alive, without the garbage that happens to be around. For
 * tests of memory per byte; compare two readings around what the test builds.
 */
export function liveBytes(): number {
  if (collect === undefined) {
    // gc() exists only with `node --expose-gc`; the flag may also be set while running, and a
    // new context then has the function.
    v8.setFlagsFromString("--expose-gc");
    collect = vm.runInNewContext("gc") as () => void;
  }
  collect();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

import config from "@socket-lessons/testing/vitest-config";
import { defineConfig, mergeConfig } from "vitest/config";

// The tasks' own tests sit beside them (tasks/NAME/task.test.ts), one file per task, so that
// they run side by side.
export default mergeConfig(config, defineConfig({ test: { include: ["test/**/*.test.ts", "tasks/**/*.test.ts"] } }));
